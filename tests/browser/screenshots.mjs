// Screenshots of a built site for the README, in Debian's Chromium:
// each page at 360 px (a phone) and 1280 px (a laptop), the first screen
// only, and a printed offer sheet (printed to PDF, its page turned into a
// PNG by pdftoppm). Small PNGs, made again by `scripts/screenshots.sh`.
//
//   node screenshots.mjs --site DIR --out DIR
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : null);
if (!arg('--site') || !arg('--out')) {
  console.error('usage : node screenshots.mjs --site DOSSIER --out DOSSIER');
  process.exit(2);
}
const site = resolve(arg('--site'));
const out = resolve(arg('--out'));
mkdirSync(out, { recursive: true });

// What the README shows: [file name, page].
const PAGES = [
  ['accueil', ''],
  ['catalogue', 'offres/'],
  ['offre', 'offres/initiation-surf-bourail/'],
  ['offre-modele', 'offres-modeles/parenthese-sportive-en-famille/'],
  ['kit', 'kit/je-m-inscris-je-reserve-je-pratique/'],
];
const SHEET = 'offres/initiation-surf-bourail/fiche/';
const WIDTHS = [[360, 780], [1280, 800]];

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.json': 'application/json' };
const server = createServer((req, res) => {
  let file = resolve(join(site, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!file.startsWith(site + sep) && file !== site) { res.writeHead(403); res.end(); return; }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;

const profile = mkdtempSync(join(tmpdir(), 'kitpress-captures-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});
let failed = false;
try {
  const page = await browser.newPage();
  for (const [name, path] of PAGES) {
    for (const [width, height] of WIDTHS) {
      await page.setViewportSize({ width, height });
      const response = await page.goto(base + path, { waitUntil: 'networkidle' });
      if (!response || !response.ok()) {
        console.error(`page introuvable : /${path}`);
        failed = true;
        continue;
      }
      // Lazy images of the first screen, loaded before the picture is taken.
      await page.evaluate(() => Promise.all([...document.images]
        .filter((i) => !i.complete && i.getBoundingClientRect().top < innerHeight)
        .map((i) => new Promise((ok) => { i.onload = i.onerror = ok; }))));
      const file = join(out, `${name}-${width}.png`);
      await page.screenshot({ path: file });
      console.log(`${file} (${Math.round(statSync(file).size / 1024)} Kio)`);
    }
  }
  // The printed sheet: to PDF as the Print dialog would, then its page to PNG.
  await page.goto(base + SHEET, { waitUntil: 'networkidle' });
  await page.emulateMedia({ media: 'print' });
  const pdf = join(profile, 'fiche.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const png = join(out, 'fiche-imprimee');
  const r = spawnSync('pdftoppm', ['-png', '-r', '60', '-singlefile', '-f', '1', pdf, png]);
  if (r.status !== 0) {
    console.error(`pdftoppm a échoué : ${r.stderr}`);
    failed = true;
  } else {
    console.log(`${png}.png (${Math.round(statSync(png + '.png').size / 1024)} Kio)`);
  }
} finally {
  await browser.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
