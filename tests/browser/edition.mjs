// Editing in the browser, as an editor would, in Debian's Chromium:
// `kitpress serve --edition` on a copy of the starter kit, the CMS at
// /admin/, its local backend served by kitpress itself.
//
//   node edition.mjs --bin target/release/kitpress
//
// 1. A starter offer opened and saved without a change: its built page is
//    byte-identical.
// 2. A new offer with a required field left empty: a French message, and
//    nothing is written.
// 3. A new offer made through the form (selects, tarif, a créneau, the
//    booking period, a phone, an uploaded JPEG with its description),
//    published: its file is under content/offres/, `kitpress check` exits 0
//    and the preview serves its page with its picture.
// 4. A starter offer's title edited: the served page changes.
// 5. With 120 more offers, the list opens on its first page (50 entries,
//    from kitpress's `entriesByFolderPage`) and grows as it scrolls, until
//    every offer is listed.
// Every request the browser makes must stay on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : null);
if (!arg('--bin')) {
  console.error('usage : node edition.mjs --bin CHEMIN/kitpress');
  process.exit(2);
}
const bin = resolve(arg('--bin'));
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATE = '2026-12-07';

// The site: a copy of the starter kit, and a photo to upload.
const work = mkdtempSync(join(tmpdir(), 'kitpress-edition-'));
const root = join(work, 'site');
cpSync(join(repo, 'content'), join(root, 'content'), { recursive: true });
const photo = join(work, 'atelier-essai.jpg');
cpSync(join(repo, 'content/images/offres/theatre.jpg'), photo);

const failures = [];
const fail = (message) => {
  failures.push(message);
  console.error(`ÉCHEC : ${message}`);
};
const step = (message) => console.log(`— ${message}`);

/// Every file under `content/` with its size and modification time.
function snapshot() {
  const files = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else files.set(relative(root, path), `${st.size}:${st.mtimeMs}`);
    }
  };
  walk(join(root, 'content'));
  return files;
}

function kitpress(...rest) {
  return spawnSync(bin, [...rest, '--root', root], { encoding: 'utf8' });
}

const port = await new Promise((ok) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => ok(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const server = spawn(bin, ['serve', '--root', root, '--port', String(port), '--edition', '--date', DATE], {
  stdio: ['ignore', 'inherit', 'inherit'],
});

// Stopped from outside (a CI timeout): the server goes with the test.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.kill();
    process.exit(1);
  });
}

async function fetchText(path) {
  try {
    const r = await fetch(base + path);
    return { status: r.status, text: await r.text(), type: r.headers.get('content-type') || '' };
  } catch {
    return { status: 0, text: '', type: '' };
  }
}

/// Polls `path` until `test(text)` holds, for up to `seconds`.
async function waitFor(path, test, seconds = 20) {
  const end = Date.now() + seconds * 1000;
  let last = null;
  while (Date.now() < end) {
    last = await fetchText(path);
    if (last.status === 200 && test(last.text)) return last;
    await new Promise((ok) => setTimeout(ok, 200));
  }
  return null;
}

const profile = mkdtempSync(join(tmpdir(), 'kitpress-edition-profile-'));
let browser = null;
try {
  if (!(await waitFor('/', () => true, 60))) throw new Error('kitpress serve ne répond pas');
  // The page as the build writes it before any edit, for step 1.
  const before = kitpress('build', '--output', join(work, 'avant'), '--date', DATE);
  if (before.status !== 0) throw new Error(`build initial : ${before.stderr}`);

  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  const foreign = [];
  const actions = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && u.hostname !== '127.0.0.1') foreign.push(r.url());
    const body = r.postData();
    if (u.pathname.startsWith('/__kitpress/api/') && body) actions.push(JSON.parse(body).action);
  });

  // The label's text, optional or not, gives the field's input.
  const field = async (label) => {
    const re = new RegExp(`^${label.replace(/[()]/g, '\\$&')}( \\(optionnel\\))?$`);
    const id = await page.locator('label').filter({ hasText: re }).first().getAttribute('for');
    return `[id="${id}"]`;
  };
  // A text field emptied and typed into, as a person would.
  const type = async (label, text) => {
    await page.click(await field(label));
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(text);
  };
  // A select opened, searched and its exact option clicked.
  const choose = async (label, option) => {
    await page.click(await field(label));
    await page.keyboard.type(option);
    await page.locator('[id*="-option-"]').filter({ hasText: new RegExp(`^${option}$`) }).first().click();
  };
  const publish = async () => {
    await page.getByRole('button', { name: 'Publier', exact: true }).click();
    const now = page.getByRole('menuitem', { name: 'Publier maintenant' });
    await now.waitFor();
    await page.waitForTimeout(300); // the menu opens with a transition
    await now.click();
  };
  // Publishes and waits for the backend's answer to the save: its status
  // and text, or null (a screenshot of the page left in the work folder).
  let shots = 0;
  const save = async () => {
    try {
      const [r] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/__kitpress/api/') && r.request().postData()?.includes('"persistEntry"'), { timeout: 20000 }),
        publish(),
      ]);
      return { status: r.status(), text: await r.text() };
    } catch (e) {
      await page.screenshot({ path: join(work, `echec-${++shots}.png`) });
      const said = await page.locator('[class*="ErrorsList"], [class*="toast"], [class*="Toast"]').allTextContents();
      fail(`pas d'enregistrement : ${e.message.split('\n')[0]} ${said.join(' | ')}`);
      return null;
    }
  };
  const saveOk = async (what) => {
    const r = await save();
    if (r && r.status !== 200) fail(`${what} refusé (${r.status}) : ${r.text}`);
    return r && r.status === 200;
  };
  // The editor of an entry, loaded afresh (no draft left from a step).
  const editor = async (hash) => {
    await page.goto('about:blank');
    await page.goto(`${base}/admin/#/collections/offres/${hash}`);
    await page.waitForSelector('label[for^="titre-field"]');
  };
  // « Leave the page? » yes; « restore a local backup? » no.
  page.on('dialog', (d) => (d.type() === 'beforeunload' || d.message().includes('quitter') ? d.accept() : d.dismiss()));

  await page.goto(`${base}/admin/`);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForSelector('text=Offres');

  // 1. Open and save a starter offer without changing it.
  step('une offre du kit ouverte et enregistrée sans changement');
  const surf = 'offres/initiation-surf-bourail/index.html';
  await editor('entries/aventure/initiation-surf-bourail');
  // The CMS saves only a changed entry: the title changed and saved, then
  // put back and saved, so the file is what the CMS writes of the same data.
  const title = await field('Titre');
  const original = await page.inputValue(title);
  await type('Titre', `${original} (essai)`);
  await saveOk('enregistrement');
  await editor('entries/aventure/initiation-surf-bourail');
  await type('Titre', original);
  await saveOk('enregistrement');
  const after = kitpress('build', '--output', join(work, 'apres'), '--date', DATE);
  if (after.status !== 0) fail(`build après enregistrement : ${after.stderr}`);
  else if (!readFileSync(join(work, 'avant', surf)).equals(readFileSync(join(work, 'apres', surf)))) {
    fail(`${surf} a changé après un enregistrement sans modification`);
  }

  // 2. A required field left empty: a French message, nothing written.
  step('un champ obligatoire vide');
  const files = snapshot();
  const sent = actions.length;
  await editor('new');
  await type('Titre', 'Offre sans univers');
  await publish();
  const message = page.getByText('il manque un champ requis', { exact: false });
  try {
    await message.first().waitFor({ timeout: 5000 });
  } catch {
    fail('aucun message en français pour le champ obligatoire vide');
  }
  await page.waitForTimeout(1000);
  if (actions.slice(sent).includes('persistEntry')) fail('une entrée incomplète a été envoyée');
  const now = snapshot();
  if (now.size !== files.size || [...now].some(([k, v]) => files.get(k) !== v)) fail('un fichier a été écrit pour une entrée incomplète');

  // 3. A new offer through the form, with a photo.
  step('une nouvelle offre faite dans le formulaire');
    await editor('new');
  await type('Titre', 'Atelier théâtre du mercredi');
  await type('Organisme', 'Compagnie des Essais');
  await choose('Univers', 'Arts et culture');
  await choose('Commune', 'Bourail');
  await type('Prix en F CFP', '1500');
  await page.getByRole('button', { name: 'Ajouter créneaux' }).click();
  await choose('Jour', 'mercredi');
  await type('Début', '14:00');
  await type('Fin', '16:00');
  await page.fill(await field('Réservable à partir du'), '2026-12-01'); // a date input
  await page.fill(await field("Jusqu'au"), '2027-06-30');
  await type('Téléphone', '+687 26 12 34');
  await page.getByRole('button', { name: 'Choisir une image' }).click();
  await page.setInputFiles('input[type=file]', photo);
  await page.getByText('atelier-essai.jpg').waitFor();
  await page.getByRole('button', { name: 'Choisir les éléments sélectionnés' }).click();
  await type("Description de l'image", 'Une scène vide éclairée par un projecteur.');
  await choose('Statut', 'validé');
  await saveOk('publication');
  const made = join(root, 'content/offres/arts-culture/atelier-theatre-du-mercredi.md');
  if (!existsSync(made)) fail(`fichier absent : ${relative(root, made)}`);
  if (!existsSync(join(root, 'content/images/offres/atelier-essai.jpg'))) fail('photo absente de content/images/offres/');
  const check = kitpress('check', '--date', DATE);
  if (check.status !== 0) fail(`kitpress check (${check.status}) :\n${check.stdout}${check.stderr}`);
  const shown = await waitFor('/offres/atelier-theatre-du-mercredi/', (t) => t.includes('Atelier théâtre du mercredi'));
  if (!shown) fail('la page de la nouvelle offre n’est pas servie');
  else {
    const img = shown.text.match(/<img[^>]*src="([^"]*atelier-essai[^"]*)"[^>]*alt="Une scène vide éclairée par un projecteur\."/)
      || shown.text.match(/<img[^>]*alt="Une scène vide éclairée par un projecteur\."[^>]*src="([^"]*atelier-essai[^"]*)"/);
    if (!img) fail('la page de la nouvelle offre ne montre pas sa photo avec sa description');
    else {
      const src = new URL(img[1], `${base}/offres/atelier-theatre-du-mercredi/`).pathname;
      const got = await fetchText(src);
      if (got.status !== 200 || !got.type.startsWith('image/')) fail(`photo non servie : ${src} (${got.status})`);
    }
  }

  // 4. A starter offer's title edited: the served page follows.
  step('le titre d’une offre du kit modifié');
  await editor('entries/sport/va-a-anse-vata');
  await type('Titre', 'Va’a à l’Anse Vata, titre modifié');
  await saveOk('enregistrement');
  if (!(await waitFor('/offres/va-a-anse-vata/', (t) => t.includes('Va’a à l’Anse Vata, titre modifié')))) fail('la page servie n’a pas changé');

  // 5. A long list comes a page at a time.
  step('une longue liste d’offres, page après page');
  const model = readFileSync(join(root, 'content/offres/sport/va-a-anse-vata.md'), 'utf8');
  mkdirSync(join(root, 'content/offres/lot'), { recursive: true });
  for (let i = 0; i < 120; i++) {
    const n = String(i).padStart(3, '0');
    writeFileSync(join(root, `content/offres/lot/offre-${n}.md`), model.replace(/^titre: .*$/m, `titre: "Offre de série ${n}"`));
  }
  const total = readdirSync(join(root, 'content/offres'), { recursive: true }).filter((f) => f.endsWith('.md')).length;
  const listed = page.locator('a[href*="/collections/offres/entries/"]');
  const sentBefore = actions.length;
  await page.goto('about:blank');
  await page.goto(`${base}/admin/#/collections/offres`);
  await listed.first().waitFor();
  await page.waitForTimeout(500);
  const first = await listed.count();
  if (first !== 50) fail(`la liste s’ouvre avec ${first} offres au lieu d’une page de 50`);
  let shownNow = first;
  for (let tries = 0; tries < 20 && shownNow < total; tries++) {
    await listed.last().scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 5000);
    await page.waitForTimeout(400);
    shownNow = await listed.count();
  }
  if (shownNow !== total) fail(`après défilement, ${shownNow} offres listées sur ${total}`);
  if (!(await listed.filter({ hasText: 'Offre de série 119' }).count())) fail('la dernière offre n’est pas dans la liste');
  const asked = actions.slice(sentBefore).filter((a) => a === 'entriesByFolderPage').length;
  if (asked !== Math.ceil(total / 50)) fail(`${asked} page(s) demandée(s) pour ${total} offres`);
  if (actions.slice(sentBefore).includes('entriesByFolder')) fail('la liste a demandé le dossier entier au lieu d’une page');
  // Sorting needs every entry: the whole folder is read, once.
  await page.getByRole('button', { name: 'Trier par' }).click();
  await page.getByRole('menuitem', { name: 'Titre' }).click();
  await page.waitForTimeout(1000);
  const sorted = await listed.count();
  if (sorted !== total) fail(`triée par titre, la liste montre ${sorted} offres sur ${total}`);
  // A second click sorts backwards, which no path order gives (the menu
  // may have stayed open).
  const byTitle = page.getByRole('menuitem', { name: 'Titre' });
  if (!(await byTitle.isVisible())) await page.getByRole('button', { name: 'Trier par' }).click();
  await byTitle.click();
  await page.waitForTimeout(1000);
  const series = (await listed.allInnerTexts()).map((t) => t.match(/Offre de série (\d+)/)?.[1]).filter(Boolean);
  if (series.length !== 120 || series.join() !== [...series].sort().reverse().join()) {
    fail(`triée par titre à rebours, les offres de série ne se suivent pas de 119 à 000 : ${series.slice(0, 3).join(', ')}…`);
  }

  if (foreign.length) fail(`requêtes hors de 127.0.0.1 : ${[...new Set(foreign)].join(', ')}`);
  console.log(`${actions.length} appels à l'API de kitpress, ${foreign.length} requête hors de 127.0.0.1`);
} catch (e) {
  fail(e.message);
} finally {
  if (browser) await browser.close();
  server.kill();
  rmSync(profile, { recursive: true, force: true });
  if (!failures.length && !process.env.KITPRESS_GARDER) rmSync(work, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`${failures.length} échec(s) ; le site est resté dans ${work}`);
  process.exit(1);
}
console.log('édition dans le navigateur : tout est bon');
