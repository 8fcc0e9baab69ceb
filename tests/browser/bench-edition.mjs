// Bench of the editing in the browser on a large site (not a test: figures
// for the note). Starts `kitpress serve --edition` on SITE, then
// measures, each as the median of RUNS:
// - the `entriesByFolder` answer for content/offres (the whole folder: what
//   the CMS asks to search or sort the offers), and `entriesByFolderPage`
//   (its first page: what it asks to open the list), from the request to the
//   last byte;
// - the admin's load: a fresh browser profile opening
//   /admin/#/collections/offres until the first entry of the list shows;
// - a save served: a `persistEntry` changing an offer's title, until the
//   preview serves the page with the new title.
//
//   node bench-edition.mjs --bin target/release/kitpress --site DIR [--runs 7]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const arg = (name, d = null) => (args.includes(name) ? args[args.indexOf(name) + 1] : d);
if (!arg('--bin') || !arg('--site')) {
  console.error('usage : node bench-edition.mjs --bin CHEMIN/kitpress --site DOSSIER [--runs N]');
  process.exit(2);
}
const bin = resolve(arg('--bin'));
const site = resolve(arg('--site'));
const runs = Number(arg('--runs', '7'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

const port = await new Promise((ok) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => ok(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const server = spawn(bin, ['serve', '--root', site, '--port', String(port), '--edition'], { stdio: ['ignore', 'ignore', 'inherit'] });
process.on('exit', () => server.kill());

const api = async (body) => {
  const r = await fetch(`${base}/__kitpress/api/v1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify(body),
  });
  return { status: r.status, text: await r.text() };
};
for (let i = 0; i < 600; i++) {
  try {
    if ((await fetch(`${base}/`)).ok) break;
  } catch { /* not yet */ }
  await new Promise((ok) => setTimeout(ok, 500));
}

// 1. entriesByFolder.
const list = { action: 'entriesByFolder', params: { branch: 'main', folder: 'content/offres', extension: 'md', depth: 2 } };
const listTimes = [];
let count = 0;
let bytes = 0;
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  const r = await api(list);
  listTimes.push(performance.now() - t);
  count = JSON.parse(r.text).length;
  bytes = r.text.length;
}
console.log(`entriesByFolder : ${count} entrées, ${(bytes / 1e6).toFixed(1)} Mo, médiane ${ms(median(listTimes))} (${runs} mesures)`);

// 1b. The first page, as the admin asks for it when the list opens.
const first = { action: 'entriesByFolderPage', params: { ...list.params, page: 0, pageSize: 50 } };
const pageTimes = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  const r = await api(first);
  pageTimes.push(performance.now() - t);
  bytes = r.text.length;
}
console.log(`entriesByFolderPage (première page de 50) : ${(bytes / 1e3).toFixed(0)} ko, médiane ${ms(median(pageTimes))} (${runs} mesures)`);

// 2. The admin's list of offers, from a fresh profile each time.
const loadTimes = [];
let shown = 0;
for (let i = 0; i < runs; i++) {
  const profile = mkdtempSync(join(tmpdir(), 'kitpress-bench-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  await page.goto(`${base}/admin/`);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForSelector('text=Offres');
  await page.goto('about:blank');
  const t = performance.now();
  await page.goto(`${base}/admin/#/collections/offres`);
  await page.locator('a[href*="/collections/offres/entries/"]').first().waitFor({ timeout: 120000 });
  loadTimes.push(performance.now() - t);
  shown = await page.locator('a[href*="/collections/offres/entries/"]').count();
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`liste des offres dans /admin/ : ${shown} affichées à l'ouverture, médiane ${ms(median(loadTimes))} (${runs} mesures, profil neuf, session ouverte)`);

// 3. A save through the API until the preview serves it.
const rel = readdirSync(join(site, 'content/offres'), { recursive: true }).find((f) => f.endsWith('.md'));
const path = `content/offres/${rel}`;
const original = readFileSync(join(site, path), 'utf8');
const slug = rel.split('/').pop().replace(/\.md$/, '');
const saveTimes = [];
for (let i = 0; i < runs; i++) {
  const title = `Titre mesuré ${i} ${Date.now()}`;
  const raw = original.replace(/^titre: .*$/m, `titre: "${title}"`);
  const t = performance.now();
  const r = await api({ action: 'persistEntry', params: { branch: 'main', dataFiles: [{ path, raw, slug }], assets: [], options: {} } });
  if (r.status !== 200) throw new Error(r.text);
  for (;;) {
    const page = await fetch(`${base}/offres/${slug}/`).then((x) => x.text()).catch(() => '');
    if (page.includes(title)) break;
    await new Promise((ok) => setTimeout(ok, 10));
  }
  saveTimes.push(performance.now() - t);
  await new Promise((ok) => setTimeout(ok, 500));
}
await api({ action: 'persistEntry', params: { branch: 'main', dataFiles: [{ path, raw: original, slug }], assets: [], options: {} } });
console.log(`enregistrement servi dans l'aperçu : médiane ${ms(median(saveTimes))} (${runs} mesures)`);
server.kill();
process.exit(0);
