// The drawn visuals read back, as a person would read them: on a built site,
// each visual of a sample of items (offers, news, a calendar entry) has its
// text panel cut out by Chromium (a canvas, no download) and read by
// tesseract (Debian's tesseract-ocr with its French data, installed by
// scripts/install-test-deps.sh); the item's title words must be there, and
// its price (an offer) or its date (a news item).
//
// Atkinson Hyperlegible draws its zero with a slash, which tesseract takes
// for a 6, an 8 or a 9: digits are compared with 0 standing for any of them.
//
//   node ocr-visuels.mjs --site OUTPUT
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const arg = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : null);
if (!arg('--site')) {
  console.error('usage : node ocr-visuels.mjs --site SORTIE');
  process.exit(2);
}
const out = resolve(arg('--site'));
const work = mkdtempSync(join(tmpdir(), 'kitpress-ocr-'));

// Where each layout writes (x, y, width, height), from the theme's layouts.
const PANELS = {
  partage: [0, 0, 640, 630],
  carre: [0, 440, 1080, 640],
  vertical: [0, 900, 1080, 1020],
};

const failures = [];
const fail = (m) => {
  failures.push(m);
  console.error(`ÉCHEC : ${m}`);
};

// The sample: what the page of each item says (its title, its price or date).
const html = (rel) => readFileSync(join(out, rel), 'utf8');
const meta = (page, prop) => page.match(new RegExp(`<meta property="${prop}" content="([^"]*)"`))?.[1];
const decode = (s) => s.replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&nbsp;/g, ' ');
const offers = readdirSync(join(out, 'offres'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !['communes', 'univers', 'publics'].includes(d.name))
  .map((d) => d.name)
  .filter((slug) => {
    try {
      return html(`offres/${slug}/index.html`).includes('og:image');
    } catch {
      return false;
    }
  })
  .slice(0, 4);
const news = readdirSync(join(out, 'actus'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .filter((slug) => {
    try {
      return html(`actus/${slug}/index.html`).includes('<time');
    } catch {
      return false;
    }
  })
  .slice(0, 2);
const sample = [];
for (const slug of offers) {
  const page = html(`offres/${slug}/index.html`);
  const title = decode(meta(page, 'og:title'));
  const price = decode(meta(page, 'og:image:alt')).match(/(gratuit|[\d\u202f ]+ ?F)/i)?.[1];
  sample.push({ base: `offres/${slug}`, title, must: price ? [price.replace(/[\u202f ]|F/g, '')] : [] });
}
for (const slug of news) {
  const page = html(`actus/${slug}/index.html`);
  const title = decode(meta(page, 'og:title'));
  const day = page.match(/<time datetime="\d{4}-\d{2}-(\d{2})/)?.[1];
  sample.push({ base: `actus/${slug}`, title, must: day ? [String(Number(day))] : [] });
}

console.log(sample.map((s) => `${s.base} : « ${s.title} » + ${s.must.join(", ")}`).join("\n"));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
const words = (s) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2);
const digits = (s) => s.replace(/[0689]/g, '0');
let read = 0;
for (const item of sample) {
  for (const [format, [x, y, w, h]] of Object.entries(PANELS)) {
    const file = join(out, 'visuels', `${item.base}-${format}.jpg`);
    const data = readFileSync(file).toString('base64');
    const png = await page.evaluate(
      async ({ data, x, y, w, h }) => {
        const img = new Image();
        img.src = `data:image/jpeg;base64,${data}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = w;
        c.height = h;
        c.getContext('2d').drawImage(img, x, y, w, h, 0, 0, w, h);
        return c.toDataURL('image/png').split(',')[1];
      },
      { data, x, y, w, h },
    );
    const crop = join(work, 'panneau.png');
    writeFileSync(crop, Buffer.from(png, 'base64'));
    const ocr = spawnSync('tesseract', [crop, '-', '-l', 'fra'], { encoding: 'utf8' });
    if (ocr.status !== 0) {
      fail(`tesseract ne répond pas (${ocr.stderr.trim()}) : lancez scripts/install-test-deps.sh`);
      continue;
    }
    read++;
    const seen = new Set(words(ocr.stdout));
    const text = digits(ocr.stdout.replace(/\s+/g, ''));
    // The title's words, but a shortened title's last ones.
    const expected = words(item.title).slice(0, 4);
    const missing = expected.filter((w) => !seen.has(w));
    if (missing.length) fail(`${item.base}-${format} : mots du titre absents (${missing.join(', ')}) — lu : ${ocr.stdout.replace(/\s+/g, ' ').trim()}`);
    for (const m of item.must) {
      if (!text.includes(digits(m.replace(/\s+/g, ''))) && !ocr.stdout.toLowerCase().includes(m.toLowerCase())) {
        fail(`${item.base}-${format} : « ${m} » absent — lu : ${ocr.stdout.replace(/\s+/g, ' ').trim()}`);
      }
    }
  }
}
await browser.close();
rmSync(work, { recursive: true, force: true });
if (sample.length < 6 || read < sample.length * 3) fail(`${read} visuels lus pour ${sample.length} contenus`);
if (failures.length) {
  console.error(`${failures.length} échec(s)`);
  process.exit(1);
}
console.log(`visuels relus par OCR : ${read} fichiers, titres, prix et dates retrouvés`);
