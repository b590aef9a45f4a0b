// End to end: the real release binary, under Xvfb, driven through tauri-driver
// and WebKitWebDriver. Run with `make test` (or `xvfb-run -a npm run e2e` in ui/).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, appBinary, createOwner, signInAsOwner, startTauriDriver } from './webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-e2e-'));
// A name in another script, with a space: the path must survive every layer.
const dbPath = join(dir, 'Praxis Zoë', 'standard-practice.sqlite3');

/** @type {Awaited<ReturnType<typeof startTauriDriver>>} */
let driver;

before(async () => {
  driver = await startTauriDriver({ ...process.env, STANDARD_PRACTICE_DB: dbPath });
});

after(async () => {
  await driver?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Launches the app, waits for its first screen (the lock screen; on first run
 * it creates the owner's account), signs in and reads the db path shown.
 * @param {boolean} firstRun
 * @returns {Promise<{ session: AppSession, shown: string, ms: number }>}
 */
async function launchAndReadDbPath(firstRun) {
  const started = performance.now();
  const session = await AppSession.launch(driver.url, app);
  await session.find('[data-testid="lock-screen"]');
  const ms = Math.round(performance.now() - started);
  if (firstRun) await createOwner(session);
  else await signInAsOwner(session);
  const el = await session.find('[data-testid="db-path"]');
  return { session, shown: await session.text(el), ms };
}

test('the window opens on the database, and again after a restart', async () => {
  const first = await launchAndReadDbPath(true);
  // The one number this suite reports: session request to a usable first screen.
  // (node --test shows it as a `# launch-to-usable-ms: N` line.)
  console.log(`launch-to-usable-ms: ${first.ms}`);
  try {
    assert.equal(first.shown, dbPath, 'the first screen names the database it opened');
    assert.equal(await first.session.title(), 'Standard Practice');
    assert.equal(
      await first.session.execute('return document.querySelector("[data-testid=open-error]") === null'),
      true,
      'no "could not be opened" screen',
    );
  } finally {
    await first.session.quit();
  }
  assert.ok(existsSync(dbPath), 'the app created the database (and its folder) on first launch');

  const second = await launchAndReadDbPath(false);
  console.log(`relaunch-to-usable-ms: ${second.ms}`);
  try {
    assert.equal(second.shown, dbPath, 'a second launch reopens the same database');
  } finally {
    await second.session.quit();
  }
});
