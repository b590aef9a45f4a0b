// The user guide (Help → User guide, F1): docs/user-guide.md built into the
// app and drawn by src/lib/markdown.ts, its headings with ids for the
// contents at its top, its pictures (docs/user-guide/*.png) files of the
// build. A picture that is not one of those shows its alt text and is never
// fetched (about.test.mjs tries others in the release notes, drawn the same way).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { eventually, uiInChromium } from './app.mjs';

const DOCS = new URL('../../docs/', import.meta.url);
const GUIDE = readFileSync(new URL('user-guide.md', DOCS), 'utf8');

/** The guide's pictures as it names them, and whether the file is there to be built in. */
const PICTURES = [...GUIDE.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map(([, alt = '', src = '']) => ({
  alt,
  src,
  there: src.startsWith('user-guide/') && !src.includes('..') && src.endsWith('.png') && existsSync(new URL(src, DOCS)),
}));

/** The links of its contents: `[Printing](#printing)`. */
const CONTENTS = [...GUIDE.matchAll(/\[([^\]]+)\]\(#([^)]+)\)/g)].map(([, text = '', slug = '']) => ({ text, slug }));

const ui = uiInChromium();

/** @param {import('playwright-core').Page} page */
const openGuide = async (page) => {
  await page.keyboard.press('F1');
  const text = page.getByTestId('user-guide').getByTestId('user-guide-text');
  await text.waitFor();
  return text;
};

test('F1: the guide drawn from its Markdown, its contents linking to its headings without leaving the screen', async () => {
  const { page, errors } = await ui.open({ hash: '#/overview' });
  /** @type {string[]} */
  const chunks = [];
  page.on('request', (r) => {
    if (/\/user-guide-[^/]*\.js$/.test(r.url())) chunks.push(r.url());
  });
  await page.getByTestId('count-active').waitFor();
  assert.deepEqual(chunks, [], 'the guide is not loaded with the app');
  const text = await openGuide(page);
  assert.equal(chunks.length, 1, 'but as its own chunk when it opens');
  assert.equal(await page.getByTestId('user-guide').getByRole('heading', { level: 2 }).textContent(), 'User guide');

  // Its headings, in order: `#` an h3 under the dialog's title, `##` an h4….
  const headings = [...GUIDE.matchAll(/^(#{1,6}) +(.+?)\s*$/gm)].map(([, marks = '', words = '']) => [`h${Math.min(6, marks.length + 2)}`, words.replace(/\*\*|`/g, '')]);
  assert.ok(headings.length > 5, 'the guide has its sections');
  assert.deepEqual(
    await text.locator('h1, h2, h3, h4, h5, h6').evaluateAll((hs) => hs.map((h) => [h.localName, h.textContent])),
    headings,
  );
  assert.doesNotMatch(await text.innerText(), /\*\*|\]\(|^#/m, 'no Markdown left showing');

  assert.ok(CONTENTS.length > 3, 'the guide has contents at its top');
  for (const { text: words, slug } of CONTENTS) {
    assert.equal(await text.locator(`[id="guide-${slug}"]`).count(), 1, `“${words}” has its heading`);
  }
  const last = /** @type {{ text: string, slug: string }} */ (CONTENTS.at(-1));
  await text.getByRole('link', { name: last.text, exact: true }).first().click();
  await eventually(
    () => page.evaluate(() => document.activeElement?.id ?? null),
    (id) => id === `guide-${last.slug}`,
    'the link takes the focus to its heading',
  );
  const shown = await page.evaluate((id) => {
    const h = /** @type {HTMLElement} */ (document.getElementById(id));
    const body = /** @type {HTMLElement} */ (h.closest('.body'));
    const [a, b] = [h.getBoundingClientRect(), body.getBoundingClientRect()];
    return a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  }, `guide-${last.slug}`);
  assert.ok(shown, 'scrolled into view');
  assert.equal(await page.evaluate(() => location.hash), '#/overview', 'the screen behind stays where it was');
  await page.keyboard.press('Escape');
  await eventually(() => page.getByTestId('user-guide').evaluate((d) => /** @type {HTMLDialogElement} */ (d).open), (o) => !o, 'Escape closes it');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Overview');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the guide’s pictures are the build’s files; one not in docs/user-guide is its alt text', async (t) => {
  if (!PICTURES.some((p) => p.there)) {
    t.skip('docs/user-guide/ has none of the pictures the guide names yet');
    return;
  }
  const { page, errors } = await ui.open({ hash: '#/overview' });
  /** @type {string[]} */
  const broken = [];
  page.on('requestfailed', (r) => broken.push(r.url()));
  page.on('response', (r) => {
    if (r.status() >= 400) broken.push(r.url());
  });
  await page.getByTestId('count-active').waitFor();
  const text = await openGuide(page);
  for (const { alt, src, there } of PICTURES) {
    const img = text.getByRole('img', { name: alt, exact: true });
    if (there) {
      const name = src.replace(/^user-guide\//, '').replace(/\.png$/, '');
      await img.first().scrollIntoViewIfNeeded();
      assert.match((await img.first().getAttribute('src')) ?? '', new RegExp(`^/assets/${name}-[\\w-]+\\.png$`), `${src}: a file of the build`);
      await eventually(() => img.first().evaluate((i) => /** @type {HTMLImageElement} */ (i).naturalWidth), (w) => w > 0, `${src} is drawn`);
    } else {
      assert.equal(await img.count(), 0, `${src} is not in docs/user-guide: no picture`);
      assert.ok((await text.innerText()).includes(alt), `${src}: its alt text instead`);
    }
  }
  assert.deepEqual(broken, [], 'nothing asked for that is not there');
  assert.deepEqual(errors, []);
  await page.close();
});
