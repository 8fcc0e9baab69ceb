// Quality gates over a built site, in a real browser.
//
//   node gates.mjs --site DIR                 every gate must find nothing
//   node gates.mjs --site DIR --pages-only    standalone documents (the audit
//                                             report): no filter, no 404 page
//   node gates.mjs --site DIR --print-only    the print gate only (print fixtures)
//   node gates.mjs --site DIR --print-time PAGE [--runs 3]
//                                             how long PAGE takes to open, get
//                                             its page numbers and print to PDF
//                                             (median of the runs); no gate
//   node gates.mjs --site DIR --expect-failures
//                                             every gate must find something
//                                             (proves the gates can fail)
//
// Gates: the Nu Html Checker (vnu) on every page; axe-core (WCAG 2.0/2.1 A
// and AA) in Debian's Chromium on every page, in the light and the dark
// colour scheme; every page's CSS + JS under its budget and every image sized; every print document (a page
// with <meta name="kitpress:impression" content="A4 portrait, 1 page">)
// printed to PDF and its paper size and page count checked with pdfinfo;
// every print document laid out at the width of its printable area without
// anything sticking out; every page at 360 px wide without horizontal scroll; the catalogue
// filter, driven like a user would, showing exactly the matching offers;
// and the 404 page opened where a withdrawn offer's QR code lands
// (`/<chemin du site>/offres/retiree/`), styled, accessible, its links alive.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const siteArg = args[args.indexOf('--site') + 1];
if (!args.includes('--site') || !siteArg) {
  console.error('usage : node gates.mjs --site DOSSIER [--expect-failures]');
  process.exit(2);
}
const site = resolve(siteArg);
const expectFailures = args.includes('--expect-failures');
// A folder of standalone documents (the audit report), not a whole site:
// the catalogue filter and the 404 page are not looked for.
const pagesOnly = args.includes('--pages-only');
// Print fixtures (tests/fixtures/print): only the print gate.
const printOnly = args.includes('--print-only');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p));
    else if (extname(name) === '.html') out.push(p);
  }
  return out.sort();
}

const pages = htmlFiles(site);
if (pages.length === 0) {
  console.error(`aucune page HTML dans ${site}`);
  process.exit(2);
}
const results = {};

// --- Nu Html Checker -------------------------------------------------------
function vnuGate() {
  const jar = require('vnu-jar');
  const run = spawnSync('java', ['-jar', jar, '--errors-only', '--format', 'json', ...pages], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) throw run.error;
  const report = JSON.parse(run.stderr || '{"messages":[]}');
  const errors = report.messages.filter((m) => m.type === 'error');
  for (const m of errors.slice(0, 50)) {
    console.log(`  vnu: ${relative(site, decodeURIComponent(m.url.replace('file:', '')))}:${m.lastLine ?? '?'}: ${m.message}`);
  }
  return { checked: pages.length, findings: errors.length };
}

// --- static server on loopback -----------------------------------------------
// The site is served at the root and, as on the province's server, under
// its own path (from url_base, read off the 404 page's stylesheet); a
// missing address gets 404.html with status 404.
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.json': 'application/json', '.xml': 'application/xml', '.ics': 'text/calendar' };
const notFound = join(site, '404.html');
const prefix = existsSync(notFound)
  ? ((readFileSync(notFound, 'utf8').match(/href="(\/[^"]*?)style\.css"/) || [])[1] || '/')
  : '/';
function serve(root) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (prefix !== '/' && path.startsWith(prefix)) path = '/' + path.slice(prefix.length);
    let file = resolve(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) { res.writeHead(403); res.end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      if (!existsSync(notFound)) { res.writeHead(404); res.end(); return; }
      res.writeHead(404, { 'content-type': TYPES['.html'] });
      res.end(readFileSync(notFound));
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// --- axe-core in Chromium --------------------------------------------------------
async function axeGate(browser, base) {
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const page = await browser.newPage();
  let findings = 0;
  // Each page in the light scheme, then in the dark one (the theme follows
  // the reader's system setting): contrasts must hold in both.
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const file of pages) {
      const url = base + '/' + relative(site, file).split(sep).join('/');
      await page.goto(url, { waitUntil: 'load' });
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
      for (const v of result.violations) {
        findings += v.nodes.length;
        console.log(`  axe${scheme === 'dark' ? ' (mode sombre)' : ''}: ${relative(site, file)}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      }
    }
  }
  await page.close();
  return { checked: pages.length * 2, findings };
}

// --- print to PDF -------------------------------------------------------------
const SIZES = { A4: [595.28, 841.89] };
function promise(file) {
  const html = readFileSync(file, 'utf8');
  const m = html.match(/<meta name="kitpress:impression" content="([^"]+)"/);
  if (!m) return null;
  const spec = m[1];
  const format = /A4/.test(spec) ? 'A4' : null;
  const landscape = /paysage/.test(spec);
  const count = spec.match(/(\d+)\s+pages?/);
  return { spec, format, landscape, pages: count ? Number(count[1]) : null };
}
// Text as pdftotext gives it and as the DOM holds it, compared without
// spaces (lines wrap differently), apostrophes and ligatures made plain.
const plain = (s) => s.normalize('NFKC').replace(/[’']/g, "'").replace(/[\s\u00a0\u202f\u00ad]+/g, '');
function pdfPages(pdf) {
  const info = spawnSync('pdfinfo', ['-f', '1', '-l', '9999', pdf], { encoding: 'utf8' }).stdout;
  const count = Number((info.match(/Pages:\s+(\d+)/) || [])[1]);
  const sizes = [...info.matchAll(/Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  return { count, sizes };
}
// One page laid out as printed (the table of contents check), or the whole
// document in reading order (what must be on paper).
function pdfText(pdf, first) {
  const args = first ? ['-f', String(first), '-l', String(first), '-layout'] : [];
  return spawnSync('pdftotext', [...args, pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
}
async function printGate(browser, base) {
  const docs = pages.map((f) => [f, promise(f)]).filter(([, p]) => p);
  const page = await browser.newPage();
  const dir = mkdtempSync(join(tmpdir(), 'kitpress-print-'));
  let findings = 0;
  for (const [file, p] of docs) {
    const url = base + '/' + relative(site, file).split(sep).join('/');
    const name = relative(site, file);
    const problems = [];
    // Laid out at the width of an A4 page's printable area (190 mm portrait,
    // 277 mm landscape, at 96 px per inch): nothing may stick out of it.
    await page.setViewportSize({ width: p.landscape ? 1047 : 718, height: 1000 });
    await page.emulateMedia({ media: 'screen' });
    await page.goto(url, { waitUntil: 'load' });
    // A bundle's table of contents gets its page numbers from paged.js (the
    // theme's pagination.js): printed once that is done, and the PDF must
    // have the pages paged.js counted.
    const paged = await page.$('script[src*="pagedjs"]') !== null;
    let pagedCount = null;
    if (paged) {
      try {
        await page.waitForFunction(() => document.documentElement.dataset.pagination === 'faite', null, { timeout: 180000 });
        await page.waitForLoadState('networkidle');
        pagedCount = await page.evaluate(() => Number(document.documentElement.dataset.pages) || null);
      } catch (e) {
        problems.push(`pagination jamais finie (${e.message.split('\n')[0]})`);
      }
    }
    // What must be on paper: every table of contents entry with the page it
    // prints, the title and the last paragraph of every entry, and whatever
    // a template marks `data-a-imprimer` (the calendar's entries).
    const expected = await page.evaluate(() => {
      const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : '');
      const toc = [...document.querySelectorAll('a[data-page]')].map((a) => {
        const id = decodeURIComponent(a.getAttribute('href').slice(1));
        const target = document.getElementById(id);
        const entry = target && (target.closest('article, section') || target);
        const blocks = entry ? [...entry.querySelectorAll('p, li, td, dd')].filter((b) => !b.closest('.fiche-pied, .fiche-bandeau') && text(b).length > 0) : [];
        const numero = a.closest('li')?.querySelector('.page-numero');
        return {
          page: Number((text(numero).match(/\d+/) || [a.dataset.page])[0]),
          title: text(target) || text(a),
          last: text(blocks[blocks.length - 1]),
        };
      });
      const marked = [...document.querySelectorAll('[data-a-imprimer]')].map((el) => text(el));
      return { toc, marked };
    });
    await page.emulateMedia({ media: 'print' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const pdf = join(dir, 'doc.pdf');
    writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    const { count: got, sizes } = pdfPages(pdf);
    const [ew, eh] = p.landscape ? [SIZES.A4[1], SIZES.A4[0]] : SIZES.A4;
    const wrong = sizes.map(([w, h], i) => [i + 1, w, h]).filter(([, w, h]) => Math.abs(w - ew) > 2 || Math.abs(h - eh) > 2);
    if (wrong.length || sizes.length !== got) problems.push(`pages hors format A4 ${p.landscape ? 'paysage' : 'portrait'} : ${wrong.slice(0, 5).map(([i, w, h]) => `p. ${i} ${w} x ${h}`).join(', ')}`);
    if (p.pages !== null && got !== p.pages) problems.push(`${got} page(s) au lieu de ${p.pages}`);
    if (pagedCount !== null && got !== pagedCount) problems.push(`le PDF a ${got} page(s), la mise en pages du sommaire ${pagedCount}`);
    if (overflow > 1) problems.push(`${overflow} px hors de la page`);
    const all = plain(pdfText(pdf));
    for (const [i, entry] of expected.toc.entries()) {
      const onPage = plain(pdfText(pdf, entry.page));
      const probe = plain(entry.title).slice(0, 40);
      if (!onPage.includes(probe)) problems.push(`sommaire, entrée ${i + 1} : « ${entry.title.slice(0, 50)} » n'est pas page ${entry.page}`);
      if (entry.last && !all.includes(plain(entry.last).slice(-60))) problems.push(`entrée ${i + 1} : la fin du texte manque (« …${entry.last.slice(-50)} »)`);
    }
    for (const t of expected.marked) {
      if (!all.includes(plain(t))) problems.push(`absent du papier : « ${t.slice(0, 60)} »`);
    }
    const status = problems.length ? 'ÉCHEC' : 'ok';
    console.log(`  impression : ${name} : promis « ${p.spec} », obtenu ${got} page(s)${expected.toc.length ? `, sommaire de ${expected.toc.length} entrée(s) vérifié` : ''}${expected.marked.length ? `, ${expected.marked.length} texte(s) vérifié(s)` : ''} — ${status}`);
    for (const pb of problems.slice(0, 8)) console.log(`    ${pb}`);
    if (problems.length > 8) console.log(`    … et ${problems.length - 8} autre(s)`);
    if (problems.length) findings += 1;
  }
  rmSync(dir, { recursive: true, force: true });
  await page.close();
  return { checked: docs.length, findings };
}

// --- small screens: no horizontal scroll at 360 px ------------------------------
async function mobileGate(browser, base) {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  let findings = 0;
  for (const file of pages) {
    const url = base + '/' + relative(site, file).split(sep).join('/');
    await page.goto(url, { waitUntil: 'load' });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) {
      findings += 1;
      console.log(`  360 px : ${relative(site, file)} : ${width} px de large, défilement horizontal`);
    }
  }
  await page.close();
  return { checked: pages.length, findings };
}

// --- weight: CSS + JS under budget, every image with its size ---------------------
// What a page makes the browser download of style sheets and scripts, at most
// BUDGET bytes (a phone on a slow network); the vendored paginator of the
// print bundles (vendor/, read on a computer before printing) is counted
// apart and allowed on print documents only. Every <img> gives its width and
// height, so that nothing jumps while the page loads.
const BUDGET = 60 * 1024;
async function budgetGate(browser, base) {
  const page = await browser.newPage();
  let findings = 0;
  let heaviest = [0, ''];
  for (const file of pages) {
    const rel = relative(site, file);
    const url = base + '/' + rel.split(sep).join('/');
    const sizes = [];
    const onResponse = async (r) => {
      const type = r.request().resourceType();
      if (type !== 'stylesheet' && type !== 'script') return;
      sizes.push(r.body().then((b) => [r.url(), b.length]).catch(() => [r.url(), 0]));
    };
    page.on('response', onResponse);
    await page.goto(url, { waitUntil: 'load' });
    page.off('response', onResponse);
    const loaded = await Promise.all(sizes);
    const vendored = loaded.filter(([u]) => u.includes('/vendor/'));
    const total = loaded.filter(([u]) => !u.includes('/vendor/')).reduce((n, [, b]) => n + b, 0);
    if (total > heaviest[0]) heaviest = [total, rel];
    if (total > BUDGET) {
      findings += 1;
      console.log(`  poids : ${rel} : ${Math.round(total / 1024)} Kio de CSS et de JavaScript (budget ${BUDGET / 1024} Kio)`);
    }
    if (vendored.length > 0 && !promise(file)) {
      findings += 1;
      console.log(`  poids : ${rel} : charge ${vendored.map(([u]) => u.split('/').pop()).join(', ')} sans être un document à imprimer`);
    }
    const unsized = await page.$$eval('img', (imgs) => imgs.filter((i) => !i.getAttribute('width') || !i.getAttribute('height')).map((i) => i.getAttribute('src')));
    for (const src of unsized) {
      findings += 1;
      console.log(`  poids : ${rel} : image sans largeur ni hauteur (${src})`);
    }
  }
  await page.close();
  console.log(`  poids : le plus lourd ${heaviest[1]} (${Math.round(heaviest[0] / 1024)} Kio de CSS et de JavaScript)`);
  return { checked: pages.length, findings };
}

// --- the catalogue filter works with JavaScript ---------------------------------
async function catalogueGate(browser, base) {
  const file = join(site, 'offres', 'index.html');
  if (!existsSync(file)) return { checked: 0, findings: 0 };
  const index = JSON.parse(readFileSync(join(site, 'offres', 'index.json'), 'utf8'));
  const page = await browser.newPage();
  await page.goto(base + '/offres/', { waitUntil: 'load' });
  let findings = 0;
  await page.waitForSelector('#filtres:not([hidden])');
  const visible = () => page.$$eval('#resultats [data-url]', (cards) => cards.filter((c) => !c.hidden).length);
  const universes = [...new Set(index.map((o) => o.univers))];
  for (const u of universes) {
    await page.selectOption('#f-univers', u);
    const expected = index.filter((o) => o.univers === u).length;
    const got = await visible();
    if (got !== expected) {
      findings += 1;
      console.log(`  filtre : univers ${u} : ${got} carte(s) affichée(s), ${expected} attendue(s)`);
    }
  }
  await page.selectOption('#f-univers', '');
  await page.check('#f-accessible');
  const accessible = index.filter((o) => o.accessible).length;
  if ((await visible()) !== accessible) {
    findings += 1;
    console.log(`  filtre : accessible : ${await visible()} carte(s), ${accessible} attendue(s)`);
  }
  await page.close();
  return { checked: universes.length + 1, findings };
}

// --- the 404 page where a withdrawn offer's QR code lands ------------------------
async function notFoundGate(browser, base) {
  if (!existsSync(notFound)) return { checked: 0, findings: 0 };
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const page = await browser.newPage();
  const address = base + prefix + 'offres/retiree/';
  const response = await page.goto(address, { waitUntil: 'load' });
  let findings = 0;
  const fail = (what) => { findings += 1; console.log(`  404 : ${prefix}offres/retiree/ : ${what}`); };
  if (response.status() !== 404) fail(`statut ${response.status()}, 404 attendu`);
  const styled = await page.evaluate(() => [...document.styleSheets].some((s) => { try { return s.cssRules.length > 0; } catch { return false; } }));
  if (!styled) fail('la feuille de style ne se charge pas');
  const broken = await page.$$eval('img', (imgs) => imgs.filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.src));
  for (const src of broken) fail(`image non chargée ${src}`);
  const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
  for (const link of links.filter((l) => l.startsWith(base) && !l.includes('#'))) {
    const r = await page.request.get(link);
    if (r.status() !== 200) fail(`lien ${link.slice(base.length)} : statut ${r.status()}`);
  }
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  for (const v of result.violations) fail(`${v.id} (${v.impact}) ${v.help}`);
  await page.setViewportSize({ width: 360, height: 740 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360) fail(`${width} px de large à 360 px`);
  await page.close();
  return { checked: 1 + links.length, findings };
}

const server = await serve(site);
const base = `http://127.0.0.1:${server.address().port}`;
const userDataDir = mkdtempSync(join(tmpdir(), 'kitpress-chromium-'));
// A fresh profile each run (Playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const timeArg = args.includes('--print-time') ? args[args.indexOf('--print-time') + 1] : null;
if (timeArg) {
  const runs = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 3);
  const times = [];
  let pagesOut = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage();
      const t0 = performance.now();
      await page.goto(`${base}/${timeArg}`, { waitUntil: 'load' });
      if (await page.$('script[src*="pagedjs"]')) {
        await page.waitForFunction(() => document.documentElement.dataset.pagination === 'faite', null, { timeout: 600000 });
      }
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      times.push((performance.now() - t0) / 1000);
      const file = join(tmpdir(), `kitpress-temps-${process.pid}.pdf`);
      writeFileSync(file, pdf);
      pagesOut = pdfPages(file).count;
      rmSync(file, { force: true });
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`${timeArg} : ${pagesOut} pages, médiane ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} s (passes : ${times.map((t) => t.toFixed(2)).join(', ')} s)`);
  process.exit(0);
}
try {
  if (!printOnly) {
    console.log('Validation HTML (Nu Html Checker)…');
    results.vnu = vnuGate();
    console.log('Accessibilité (axe-core, WCAG 2.1 A et AA)…');
    results.axe = await axeGate(browser, base);
  }
  console.log('Impression (Chromium, PDF)…');
  results.impression = await printGate(browser, base);
  if (printOnly) {
    // nothing else
  } else {
    console.log('Petits écrans (360 px)…');
    results.mobile = await mobileGate(browser, base);
    results.poids = await budgetGate(browser, base);
  }
  if (!expectFailures && !pagesOnly && !printOnly) {
    console.log('Filtre du catalogue (JavaScript)…');
    results.filtre = await catalogueGate(browser, base);
    console.log('Page 404 à l’adresse d’une offre retirée…');
    results.page404 = await notFoundGate(browser, base);
  }
} finally {
  await browser.close();
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

let failed = 0;
let passed = 0;
for (const [gate, r] of Object.entries(results)) {
  const ok = expectFailures ? r.findings > 0 : r.findings === 0;
  const verdict = expectFailures ? (ok ? 'a bien détecté les défauts' : 'aurait dû détecter des défauts') : (ok ? 'conforme' : 'non conforme');
  console.log(`${gate} : ${r.checked} contrôlé(s), ${r.findings} problème(s) — ${verdict}`);
  if (expectFailures && r.checked === 0) { failed += 1; continue; }
  ok ? passed += 1 : failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
