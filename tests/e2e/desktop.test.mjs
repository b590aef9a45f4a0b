// End to end, the app's desktop manners: started a second time on the same
// practice file, it hands over to the window already open and exits; started
// on another practice file, it opens a window of its own. Everything runs on
// a private D-Bus session, where the app registers its practice's name.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, appBinary, createOwner, startTauriDriver } from './webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-desktop-'));
const practice = join(dir, 'practice.sqlite3');

/** @type {Awaited<ReturnType<typeof startTauriDriver>>} */
let driver;
before(async () => {
  driver = await startTauriDriver({ ...process.env, STANDARD_PRACTICE_DB: practice }, { privateBus: true });
});
after(async () => {
  await driver?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Starts the app beside the driver's, on `db`; resolves with how it ended,
 * or with null if it is still running after `ms` (and then ends it).
 * @param {string} db @param {number} ms
 * @returns {Promise<{ code: number | null, signal: string | null } | null>}
 */
function startAgain(db, ms) {
  const child = spawn(app, [], { env: { ...driver.appEnv(), STANDARD_PRACTICE_DB: db }, stdio: 'ignore' });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(null);
    }, ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

test('a second start on the same practice hands over to the open window; another practice opens its own', async () => {
  const s = await AppSession.launch(driver.url, app);
  try {
    await createOwner(s);
    await s.find('[data-testid="start-demo"]');

    const same = await startAgain(practice, 20_000);
    assert.deepEqual(same, { code: 0, signal: null }, 'the second start exits at once, successfully');
    // The first window is still there, and still answers.
    await s.click(await s.find('[data-testid="start-demo"]'));
    await s.find('[data-testid="overview-todo"]');

    const other = await startAgain(join(dir, 'other.sqlite3'), 5_000);
    assert.equal(other, null, 'another practice file gets a window of its own (still running after 5 s)');
  } finally {
    await s.quit();
  }
});
