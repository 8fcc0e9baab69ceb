// The drawn visuals read back, as a person would read them: on a built site,
// each visual of a sample of items (offers, news, calendar entries with
// their `accroche`, list pages) has its text panel cut out by Chromium (a
// canvas, no download) and read by tesseract (Debian's tesseract-ocr with
// its French data, installed by scripts/install-test-deps.sh); the item's
// title words (an entry's accroche, a list's name) must be there, and its
// price (an offer), its date (a news item) or its count (a list).
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
// The funders' mention every visual carries at its foot (site.yaml of the
// embedded site, which this test reads).
const siteYaml = readFileSync(new URL('../../content/site.yaml', import.meta.url), 'utf8');
const mention = siteYaml.match(/mention: "([^"]+)"/)?.[1] ?? '';
const sample = [];
for (const slug of offers) {
  const page = html(`offres/${slug}/index.html`);
  const title = decode(meta(page, 'og:title'));
  const price = decode(meta(page, 'og:image:alt')).match(/(gratuit|[\d\u202f ]+ ?F)/i)?.[1];
  sample.push({ base: `offres/${slug}`, title, must: price ? [price.replace(/[\u202f ]|F/g, '')] : [], foot: mention });
}
for (const slug of news) {
  const page = html(`actus/${slug}/index.html`);
  const title = decode(meta(page, 'og:title'));
  const day = page.match(/<time datetime="\d{4}-\d{2}-(\d{2})/)?.[1];
  sample.push({ base: `actus/${slug}`, title, must: day ? [String(Number(day))] : [] });
}

// Calendar entries of December that show their accroche, as the diffusion
// kit gives it to copy as the alt text.
const kit = html('diffusion/2026-12/index.html');
const entries = kit
  .split('<article class="diffusion-element"')
  .slice(1)
  .map((a) => ({
    base: a.match(/href="[^"]*?(visuels\/calendrier\/[^"]+)-carre\.jpg"/)?.[1],
    alt: a.match(/Texte alternatif à reprendre&nbsp;: «&nbsp;(.*?)&nbsp;»/)?.[1],
  }))
  .filter((e) => e.base && e.alt && !e.alt.startsWith('Visuel des vacances') && !e.alt.startsWith('Je teste'))
  .slice(0, 2);
for (const e of entries) {
  const alt = decode(e.alt);
  sample.push({ base: e.base.replace(/^visuels\//, ''), title: alt.split(',')[0], must: [] });
}
// List pages: their shared-link visual only, with their name and count.
for (const list of ['offres/communes/bourail', 'actus']) {
  const page = html(`${list}/index.html`);
  const image = meta(page, 'og:image');
  const [name, count] = decode(meta(page, 'og:image:alt')).split(' — ');
  sample.push({
    base: image.replace(/^.*?\/visuels\//, '').replace(/-partage\.jpg$/, ''),
    title: name,
    must: [count.split(' ')[0]],
    formats: ['partage'],
  });
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
// Whether two words are one letter apart (one added, removed or changed).
const close = (a, b) => {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) || a.slice(i) === b.slice(i + 1);
};
let read = 0;
for (const item of sample) {
  for (const [format, [x, y, w, h]] of Object.entries(PANELS).filter(([f]) => !item.formats || item.formats.includes(f))) {
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
    // A long word misread by one letter (« pagaïie ») still counts as read.
    const near = (w) => seen.has(w) || (w.length > 4 && [...seen].some((s) => close(s, w)));
    const missing = expected.filter((w) => !near(w));
    if (missing.length) fail(`${item.base}-${format} : mots du titre absents (${missing.join(', ')}) — lu : ${ocr.stdout.replace(/\s+/g, ' ').trim()}`);
    // The funders' mention, on the post and story formats (the shared
    // link's is smaller than tesseract reads reliably).
    if (item.foot && format !== 'partage') {
      const lost = words(item.foot).filter((w) => !near(w));
      if (lost.length) fail(`${item.base}-${format} : mention des financeurs incomplète (${lost.join(', ')}) — lu : ${ocr.stdout.replace(/\s+/g, ' ').trim()}`);
    }
    for (const m of item.must) {
      if (!text.includes(digits(m.replace(/\s+/g, ''))) && !ocr.stdout.toLowerCase().includes(m.toLowerCase())) {
        fail(`${item.base}-${format} : « ${m} » absent — lu : ${ocr.stdout.replace(/\s+/g, ' ').trim()}`);
      }
    }
  }
}
await browser.close();
rmSync(work, { recursive: true, force: true });
const expected = sample.reduce((n, s) => n + (s.formats ? s.formats.length : 3), 0);
if (sample.length < 10 || read < expected) fail(`${read} visuels lus pour ${sample.length} contenus`);
if (failures.length) {
  console.error(`${failures.length} échec(s)`);
  process.exit(1);
}
console.log(`visuels relus par OCR : ${read} fichiers, titres, prix et dates retrouvés`);
