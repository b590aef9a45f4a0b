// End to end, a practice from before encryption: made plain (SQLite's own
// shell and this version's migrations, as an earlier version left it), with
// a plain backup beside it. The real release binary encrypts both when it
// opens, says so on its first screen, and leaves no plain copy.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, REPO, appBinary, startTauriDriver } from './webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-upgrade-'));
const dbPath = join(dir, 'practice.sqlite3');

after(() => rmSync(dir, { recursive: true, force: true }));

test('a plain practice and its backup are encrypted when opened, and the window says so', async () => {
  const migrations = readdirSync(join(REPO, 'src/migrations')).filter((f) => f.endsWith('.sql')).sort();
  execFileSync('sqlite3', [
    dbPath,
    ...migrations.map((f) => `.read ${join(REPO, 'src/migrations', f)}`),
    `PRAGMA user_version = ${migrations.length};`,
    "UPDATE practice SET name = 'Zoë Plainsworth Dental';",
  ]);
  mkdirSync(join(dir, 'backups'));
  const backup = join(dir, 'backups', 'practice-20261120T080000.000Z-daily.sqlite3');
  copyFileSync(dbPath, backup);
  const name = Buffer.from('Zoë Plainsworth Dental');
  assert.ok(readFileSync(dbPath).includes(name), 'plain to begin with');

  const driver = await startTauriDriver({ ...process.env, STANDARD_PRACTICE_DB: dbPath });
  try {
    const s = await AppSession.launch(driver.url, app);
    try {
      const said = await s.text(await s.find('[data-testid="encrypted-now"]'));
      assert.match(said, /was encrypted, with its backup:/);
      assert.match(said, /no unencrypted copy of it is left/);
    } finally {
      await s.quit();
    }
  } finally {
    await driver.stop();
  }
  for (const file of [dbPath, backup]) {
    const bytes = readFileSync(file);
    assert.equal(bytes[20], 80, `${file} is encrypted`);
    assert.ok(!bytes.includes(name), `no name left in ${file}`);
    assert.notEqual(spawnSync('sqlite3', [file, 'SELECT name FROM practice']).status, 0, `sqlite3 cannot read ${file}`);
  }
  const hidden = readdirSync(dir).filter((f) => f.startsWith('.'));
  assert.deepEqual(hidden, [], 'no temporary file is left');
});
