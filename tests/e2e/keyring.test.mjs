// End to end, the key in the operating system's credential store: the real
// release binary in a private D-Bus session with a throwaway gnome-keyring
// keeps a new practice's key there and opens it again with no question; on a
// keyring emptied (a new one), it asks for the recovery key, opens with it,
// and keeps the key there again.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, appBinary, createOwner, needsSaveHook, signInAsOwner, startTauriDriver } from './webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-keyring-'));
const dbPath = join(dir, 'practice.sqlite3');
const saveDir = join(dir, 'saved');
mkdirSync(saveDir);

after(() => rmSync(dir, { recursive: true, force: true }));

/** The app's environment: the credential store, not a key file. */
const env = () => ({
  ...process.env,
  STANDARD_PRACTICE_DB: dbPath,
  STANDARD_PRACTICE_KEY_FILE: '',
  STANDARD_PRACTICE_SAVE_DIR: saveDir,
});

test('the key lives in the keyring; an emptied keyring asks for the recovery key', { skip: needsSaveHook }, async () => {
  let driver = await startTauriDriver(env(), { keyring: true });
  let recoveryKey = '';
  try {
    let s = await AppSession.launch(driver.url, app);
    try {
      await createOwner(s);
      await s.click(await s.find('[data-testid="save-recovery-key"]'));
      await s.find('[data-testid="recovery-key-saved"]');
      await s.click(await s.find('[data-testid="start-demo"]'));
      await s.find('[data-testid="nav-staff"]');
    } finally {
      await s.quit();
    }
    const page = execFileSync('pdftotext', ['-layout', join(saveDir, 'Recovery key.pdf'), '-'], { encoding: 'utf8' });
    recoveryKey = (page.match(/\b[0-9A-Z]{4}\b/g) ?? []).slice(0, 14).join('-');
    assert.match(recoveryKey, /^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$/);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.key')), [], 'no key file was made');

    // A restart in the same session: the keyring opens it, no question asked.
    s = await AppSession.launch(driver.url, app);
    try {
      await signInAsOwner(s);
      await s.find('[data-testid="nav-staff"]');
    } finally {
      await s.quit();
    }
  } finally {
    await driver.stop();
  }

  // A new, empty keyring: the window asks, and the recovery key opens it.
  driver = await startTauriDriver(env(), { keyring: true });
  try {
    let s = await AppSession.launch(driver.url, app);
    try {
      assert.match(await s.text(await s.find('[data-testid="open-error"]')), /needs its recovery key/);
      await s.type(await s.find('[data-testid="recovery-key"]'), recoveryKey);
      await s.click(await s.find('[data-testid="unlock"]'));
      await signInAsOwner(s);
      await s.find('[data-testid="nav-staff"]');
    } finally {
      await s.quit();
    }
    // Kept in that keyring: the next start asks nothing.
    s = await AppSession.launch(driver.url, app);
    try {
      await s.find('[data-testid="lock-screen"]');
    } finally {
      await s.quit();
    }
  } finally {
    await driver.stop();
  }
});
