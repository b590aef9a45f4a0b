// The About box (this version, the practice's file, this version's notes, the
// licences of what the app is built from) and, on the first start after an
// upgrade, what changed. The notes are the changelog's Markdown: drawn as
// elements by src/lib/markdown.ts, whatever they hold never markup.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openWithMockIpc } from './harness.mjs';
import { countIs, eventually, textMatches, uiInChromium } from './app.mjs';
import { createFakeBackend, VERSION } from './fake-backend.mjs';

/** @type {import('../src/lib/about.svelte.js').Licences} */
const LICENCES = JSON.parse(readFileSync(new URL('../src/lib/licences.json', import.meta.url), 'utf8'));

const ui = uiInChromium();

/** @param {import('playwright-core').Page} page @param {string} testid whether that `<dialog>` is open */
const isOpen = (page, testid) => page.getByTestId(testid).evaluate((d) => /** @type {HTMLDialogElement} */ (d).open);

/**
 * The notes as drawn, as a tree: an element is `[tag, ...children]`, text a
 * string (neighbouring text joined, the blank between blocks left out).
 * @param {import('playwright-core').Locator} notes
 */
const drawn = (notes) =>
  notes.evaluate((root) => {
    /** @param {Node} n @returns {unknown[]} */
    const children = (n) => {
      /** @type {unknown[]} */
      const out = [];
      for (const c of n.childNodes) {
        if (c.nodeType === Node.TEXT_NODE) {
          if (!c.textContent) continue; // the empty anchors Svelte leaves
          const last = out.length - 1;
          if (typeof out[last] === 'string') out[last] += c.textContent ?? '';
          else out.push(c.textContent ?? '');
        } else if (c instanceof Element) out.push([c.localName, ...children(c)]);
      }
      return out;
    };
    return children(root).filter((c) => typeof c !== 'string' || c.trim() !== '');
  });

/** What changed between 0.1.0 and this computer's new 0.3.0, newest first. */
const UPGRADE = {
  from: '0.1.0',
  to: '0.3.0',
  releases: [
    { version: '0.3.0', notes: 'Job swaps in the **annual summary**.\n\n- `print swot` on one page\n- Faster start' },
    { version: '0.2.0', notes: 'It installs like a desktop program.\n\n- A `.deb` and an `.rpm`' },
  ],
};

test('the About box from the sidebar: the version, the file, the notes drawn, and every licence counted', async () => {
  const dbPath = '/home/zoë/Practice Data/riverside.sqlite3';
  const { page, calls, errors } = await ui.open({ hash: '#/overview', fake: createFakeBackend({ dbPath }) });
  /** @type {string[]} the licences' chunk, each time it is fetched */
  const chunks = [];
  page.on('request', (r) => {
    if (/\/licences-[^/]*\.js$/.test(r.url())) chunks.push(r.url());
  });
  await page.getByTestId('count-active').waitFor();
  assert.deepEqual(chunks, [], 'the licences are not loaded with the app');
  assert.equal(calls.filter((c) => c.cmd === 'app_about').length, 0, 'nor asked for before the box opens');

  await page.getByTestId('open-about').click();
  const box = page.getByTestId('about-dialog');
  await box.getByTestId('about-version').waitFor();
  assert.equal(await box.getByRole('heading', { level: 2 }).textContent(), 'About Standard Practice');
  assert.equal(await box.getByTestId('about-version').textContent(), `Version ${VERSION}`);
  assert.equal(await box.getByTestId('about-db-path').textContent(), dbPath, 'the exact path');
  assert.equal(chunks.length, 1, 'the licences come as their own chunk when the box opens');

  const notes = box.getByTestId('about-notes');
  assert.deepEqual(await notes.locator('li').allInnerTexts(), [
    'No command writes over the practice: print and export refuse the open database.',
    'Backups are named after their database file.',
  ]);
  assert.equal(await notes.locator('li strong').textContent(), 'No command writes over the practice:');
  assert.deepEqual(await notes.locator('code').allTextContents(), ['.deb', '.rpm', 'print', 'export']);
  assert.doesNotMatch(await notes.innerText(), /\*\*|`/, 'no Markdown left showing');

  const summary = (/** @type {string} */ group) => box.getByTestId(`licences-${group}`).locator('> summary').textContent();
  assert.equal(await summary('fonts'), `${LICENCES.fonts.length} fonts`);
  assert.equal(await summary('npm'), `${LICENCES.npm.length} npm packages`);
  assert.equal(await summary('crates'), `${LICENCES.crates.length} Rust crates`);
  assert.ok(LICENCES.crates.length > 300, 'the crates are all there, not a sample');

  await box.getByTestId('licences-crates').locator('> summary').click();
  const crates = box.getByTestId('licences-crates').getByTestId('licence-row');
  await countIs(crates, LICENCES.crates.length, 'a row per crate');
  const first = /** @type {import('../src/lib/about.svelte.js').Package} */ (LICENCES.crates[0]);
  assert.deepEqual(await crates.first().locator('td').allTextContents(), [first.name, first.version, first.licence]);
  await box.getByTestId('licences-npm').locator('> summary').click();
  // Each group's table is drawn when it is first opened: wait for it.
  await countIs(box.getByTestId('licences-npm').getByTestId('licence-row'), LICENCES.npm.length, 'a row per package');
  assert.deepEqual(
    await box.getByTestId('licences-npm').getByTestId('licence-row').evaluateAll((rows) => rows.map((r) => r.querySelector('td')?.textContent)),
    LICENCES.npm.map((p) => p.name),
  );

  await box.getByTestId('licences-fonts').locator('> summary').click();
  const fonts = box.getByTestId('font-licence');
  await countIs(fonts, LICENCES.fonts.length, 'a notice per font file');
  assert.deepEqual(await fonts.locator('summary').allTextContents(), LICENCES.fonts.map((f) => f.file));
  const font = /** @type {{ file: string, notice: string }} */ (LICENCES.fonts[0]);
  await fonts.first().locator('summary').click();
  assert.equal(await fonts.first().locator('pre').textContent(), font.notice, 'the notice whole, as written');

  await page.keyboard.press('Escape');
  await eventually(() => isOpen(page, 'about-dialog'), (o) => o === false, 'Escape closes the box');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'open-about', 'the focus is back on the About button');
  assert.deepEqual(errors, [], 'no script errors or CSP violations');
  await page.close();
});

test('the notes are drawn from their Markdown, and markup in them stays text', async () => {
  const notes = [
    'Fixed <img src=x onerror=alert(1)> and <b>this</b> & that.',
    '',
    '- one **bold** and `<script>`',
    '  going on',
    '- `**not bold**` and **bold `code` inside**',
    '',
    '- after a blank line, the same list',
    'and its lazy line.',
    '',
    'An unclosed ** and a lone ` stay as typed.',
    '### A heading',
    'Right under it.',
  ].join('\n');
  const fake = createFakeBackend();
  const { page, errors } = await ui.open({
    hash: '#/overview',
    fake,
    overrides: { app_about: () => ({ version: VERSION, notes: { version: VERSION, notes }, dbPath: null }) },
  });
  /** @type {string[]} */
  const alerts = [];
  page.on('dialog', (d) => {
    alerts.push(d.message());
    void d.dismiss();
  });
  await page.getByTestId('open-about').click();
  const shown = page.getByTestId('about-notes');
  await shown.waitFor();
  assert.deepEqual(await drawn(shown), [
    ['p', 'Fixed <img src=x onerror=alert(1)> and <b>this</b> & that.'],
    [
      'ul',
      ['li', 'one ', ['strong', 'bold'], ' and ', ['code', '<script>'], ' going on'],
      ['li', ['code', '**not bold**'], ' and ', ['strong', 'bold ', ['code', 'code'], ' inside']],
      ['li', 'after a blank line, the same list and its lazy line.'],
    ],
    ['p', 'An unclosed ** and a lone ` stay as typed.'],
    ['h4', 'A heading'],
    ['p', 'Right under it.'],
  ]);
  assert.equal(await page.locator('main img, dialog img, dialog b, dialog script').count(), 0, 'no element made from the notes’ text');
  assert.equal(await page.getByTestId('about-dialog').getByText('not known').count(), 1, 'a file the shell could not name');
  await page.waitForTimeout(200);
  assert.deepEqual(alerts, [], 'nothing in the notes ran');
  assert.deepEqual(errors, []);
  await page.close();
});

test('Markdown in the notes: lists, tables, quotes and code drawn as elements; only the guide’s pictures, only in-page links', async () => {
  const notes = [
    'Steps, *in order* and _with care_ (a snake_case_name stays):',
    '',
    '3. Open **Settings**',
    '4. Choose *Backups*',
    '',
    '| Key | Does |',
    '| --- | :--: |',
    '| `Ctrl+P` | Print\\|send |',
    '| F1 | The guide |',
    '',
    '> A tip, **bold** inside.',
    '',
    '---',
    '',
    '```',
    '<b>not markup</b>',
    '```',
    '',
    'Pictures: ![A remote photo](https://example.com/x.png) ![Up a folder](user-guide/../secret.png) ![Not built](user-guide/not-there.png) ![Elsewhere](docs/photo.png).',
    '',
    'Links: [the website](https://example.com/help), [a section](#printing), [a file](release.md).',
  ].join('\n');
  const { page, errors } = await ui.open({
    hash: '#/overview',
    fake: createFakeBackend(),
    overrides: { app_about: () => ({ version: VERSION, notes: { version: VERSION, notes }, dbPath: null }) },
  });
  /** @type {string[]} */
  const requested = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.getByTestId('open-about').click();
  const shown = page.getByTestId('about-notes');
  await shown.waitFor();
  const first = shown.locator('p').first();
  assert.equal(await first.innerText(), 'Steps, in order and with care (a snake_case_name stays):');
  assert.deepEqual(await first.locator('em').allTextContents(), ['in order', 'with care'], 'emphasis, not inside a word');
  assert.equal(await shown.locator('ol').getAttribute('start'), '3', 'a numbered list keeps its first number');
  assert.deepEqual(await shown.locator('ol > li').allInnerTexts(), ['Open Settings', 'Choose Backups']);
  assert.deepEqual(await shown.locator('th').allTextContents(), ['Key', 'Does']);
  assert.deepEqual(await shown.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent))), [
    ['Ctrl+P', 'Print|send'],
    ['F1', 'The guide'],
  ]);
  assert.equal(await shown.locator('td code').textContent(), 'Ctrl+P');
  assert.equal(await shown.locator('blockquote strong').textContent(), 'bold');
  assert.equal(await shown.locator('hr').count(), 1);
  assert.equal(await shown.locator('pre code').textContent(), '<b>not markup</b>');
  assert.equal(await shown.locator('b').count(), 0);

  await countIs(shown.locator('img'), 0, 'no picture from outside docs/user-guide');
  assert.match(await shown.innerText(), /Pictures: A remote photo Up a folder Not built Elsewhere\./, 'their alt text instead');
  assert.equal(await shown.locator('a').count(), 0, 'no links: the notes have no headings to link to, and no web page opens');
  assert.match(await shown.innerText(), /Links: the website \(https:\/\/example\.com\/help\), a section, a file\./, 'a web address shown, to type elsewhere');
  await page.waitForTimeout(200);
  assert.deepEqual(
    requested.filter((u) => !u.startsWith(ui.url) || /secret|not-there|photo/.test(u)),
    [],
    'nothing fetched for them',
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test('after an upgrade, what changed shows once over the app, newest first, and closes', async () => {
  const { page, errors } = await ui.open({ hash: '#/overview', fake: createFakeBackend({ whatChanged: UPGRADE }) });
  const box = page.getByTestId('what-changed');
  await box.getByTestId('what-changed-from').waitFor();
  assert.equal(await isOpen(page, 'what-changed'), true);
  assert.equal(await box.getByRole('heading', { level: 2 }).textContent(), "What's new in Standard Practice 0.3.0");
  assert.equal(await box.getByTestId('what-changed-from').textContent(), 'Updated from 0.1.0.');
  assert.deepEqual(await box.getByRole('heading', { level: 3 }).allTextContents(), ['Version 0.3.0', 'Version 0.2.0']);
  const releases = box.getByTestId('what-changed-release');
  assert.deepEqual(await releases.first().locator('li').allInnerTexts(), ['print swot on one page', 'Faster start']);
  assert.equal(await releases.first().locator('strong').textContent(), 'annual summary');
  assert.doesNotMatch(await box.innerText(), /\*\*|`/);

  await box.getByTestId('what-changed-close').click();
  await countIs(page.getByTestId('what-changed'), 0, 'closed, and gone');
  await page.getByTestId('nav-staff').click();
  await page.getByTestId('staff-row').first().waitFor();
  await page.getByTestId('lock').click();
  await page.getByTestId('lock-screen').waitFor();
  assert.equal(await page.getByTestId('what-changed').count(), 0, 'once a session: not again on another screen, nor at the lock screen');
  assert.deepEqual(errors, []);
  await page.close();
});

test('what changed shows at the lock screen, and Escape closes it there', async () => {
  const { page, errors } = await ui.open({ fake: createFakeBackend({ signedIn: false, whatChanged: UPGRADE }) });
  await page.getByTestId('lock-screen').waitFor();
  await page.getByTestId('what-changed-from').waitFor();
  await page.keyboard.press('Escape');
  await countIs(page.getByTestId('what-changed'), 0, 'closed');
  await page.getByRole('button', { name: 'Zoë Núñez' }).click();
  await page.getByTestId('field-secret').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('what changed does not show without an upgrade, nor over the recovery screen', async () => {
  const plain = await ui.open({ hash: '#/overview' });
  await plain.page.getByTestId('count-active').waitFor();
  await textMatches(plain.page.getByTestId('practice-name'), /\S/, 'the app is loaded');
  assert.equal(await plain.page.getByTestId('what-changed').count(), 0, 'no upgrade, no dialog');
  assert.deepEqual(plain.errors, []);
  await plain.page.close();

  const fake = createFakeBackend({ whatChanged: UPGRADE });
  const { page, errors } = await openWithMockIpc(ui.browser, {
    ...fake.handlers,
    app_status: () => ({
      dbPath: '/tmp/practice.sqlite3',
      newPractice: false,
      openError: { code: 'damaged_database', message: '/tmp/practice.sqlite3 is damaged; it was left untouched' },
      whatChanged: UPGRADE,
    }),
    recovery_backups: () => [],
  });
  await page.goto(ui.url);
  await page.getByTestId('open-error').waitFor();
  await page.waitForTimeout(200);
  assert.equal(await page.getByTestId('what-changed').count(), 0, 'the recovery screen is left alone');
  assert.deepEqual(errors, []);
  await page.close();
});
