// End to end, CSV in and out of the real release binary: a spreadsheet's staff
// list with a bad row is previewed with the row's problem and imports nothing;
// the corrected file imports every row at once; the staff export is written
// (STANDARD_PRACTICE_SAVE_DIR stands in for the save dialog) and holds them.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, appBinary, click, createOwner, needsSaveHook, startTauriDriver, until } from './webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-transfer-'));
const dbPath = join(dir, 'practice.sqlite3');
const saveDir = join(dir, 'saved');
mkdirSync(saveDir);

/** @type {Awaited<ReturnType<typeof startTauriDriver>>} */
let driver;

before(async () => {
  driver = await startTauriDriver({ ...process.env, STANDARD_PRACTICE_DB: dbPath, STANDARD_PRACTICE_SAVE_DIR: saveDir });
});

after(async () => {
  await driver?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Chooses `path` in the file input (WebDriver types a path into it). @param {AppSession} s @param {string} path */
async function choose(s, path) {
  await s.execute(`document.querySelector('[data-testid="import-file"]').value = ''`);
  await s.type(await s.find('[data-testid="import-file"]'), path);
}

test('a staff CSV: the bad row is named and nothing imported; fixed, it all imports; the export holds it', { skip: needsSaveHook }, async () => {
  const bad = join(dir, 'bad.csv');
  const good = join(dir, 'good.csv');
  const rows = (/** @type {string} */ date) =>
    `\u{feff}First Name;Last Name;Job Title;Hire Date\r\nKwame;Mensah;Receptionist;${date}\r\nSøren;Kierkegaard;Hygienist;2024-05-01\r\n`;
  writeFileSync(bad, rows('2024-02-30'));
  writeFileSync(good, rows('2024-02-29'));

  const s = await AppSession.launch(driver.url, app);
  try {
    await createOwner(s);
    await click(s, 'start-demo');
    await click(s, 'nav-transfer');
    await choose(s, bad);
    await s.find('[data-testid="import-blocked"]');
    const shown = await s.text(await s.find('[data-testid="import-report"]'));
    assert.match(shown, /2024-02-30 is not a real date/, shown);
    assert.equal(await s.execute(`return document.querySelector('[data-testid="import-run"]') === null`), true);

    await choose(s, good);
    await click(s, 'import-run');
    await s.find('[data-testid="import-done"]');

    await click(s, 'export-staff');
    await until(s, `return document.body.innerText.includes('Saved ')`, 'the saved notice');
  } finally {
    await s.quit();
  }
  const files = readdirSync(saveDir);
  assert.equal(files.length, 1, `one export written (${files})`);
  const file = readFileSync(join(saveDir, files[0]), 'utf8');
  assert.ok(file.startsWith('\u{feff}'), 'the export starts with a BOM');
  assert.match(file, /Kwame Mensah,Receptionist/);
  assert.match(file, /Søren Kierkegaard,Hygienist/);
});
