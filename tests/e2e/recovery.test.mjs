// End to end, a database that no longer opens: the real release binary shows
// the recovery screen (why, in words, and the backups beside the file), restores
// the newest backup from it, keeps the refused file among the backups, and the
// practice is back after signing in.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, appBinary, click, createOwner, signInAsOwner, startTauriDriver, until } from './webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-recovery-'));
const dbPath = join(dir, 'practice.sqlite3');

/** @type {Awaited<ReturnType<typeof startTauriDriver>>} */
let driver;

before(async () => {
  driver = await startTauriDriver({ ...process.env, STANDARD_PRACTICE_DB: dbPath });
});

after(async () => {
  await driver?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a file cut short: the recovery screen restores the newest backup and keeps the broken file', async () => {
  let s = await AppSession.launch(driver.url, app);
  try {
    await createOwner(s);
    await click(s, 'start-demo');
    await click(s, 'nav-settings');
    await click(s, 'backup-now');
    await until(s, `return document.querySelectorAll('[data-testid="backups"] tbody tr').length >= 2`, 'the manual backup listed');
  } finally {
    await s.quit();
  }

  // A copy cut short: most of the file, and no WAL.
  const bytes = readFileSync(dbPath);
  const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
  writeFileSync(dbPath, cut);
  for (const side of ['-wal', '-shm']) rmSync(dbPath + side, { force: true });

  s = await AppSession.launch(driver.url, app);
  try {
    const screen = await s.text(await s.find('[data-testid="open-error"]'));
    assert.match(screen, /has not been changed/);
    assert.match(screen, /Taken by hand/, 'the backups beside the file are offered');
    assert.deepEqual(readFileSync(dbPath), cut, 'showing the screen changed nothing');

    await s.execute(`document.querySelector('[data-testid="recovery-backups"] button').click()`);
    await click(s, 'confirm-ok');
    await signInAsOwner(s);
    await click(s, 'nav-staff');
    await until(
      s,
      `return Number(document.querySelector('[data-testid="staff-count"]')?.textContent.match(/\\d+/)?.[0] ?? 0) >= 10`,
      'the demo staff back',
    );
  } finally {
    await s.quit();
  }
  const kept = readdirSync(join(dir, 'backups')).filter((f) => f.includes('-not-opened'));
  assert.equal(kept.length, 1, `the refused file is kept among the backups (${kept})`);
  assert.deepEqual(readFileSync(join(dir, 'backups', kept[0])), cut, 'kept byte for byte');
});
