// End to end, the practice's recovery key: at first run the window offers it
// as a one-page PDF through the save dialog, and that page holds the key the
// practice is encrypted with. Then the practice on a computer that does not
// have its key (brought from another computer, or a key store that lost its
// keys): the real release binary asks for the recovery key instead of
// failing, refuses a mistyped one and another practice's, opens with the
// right one, keeps it, and opens the next time without asking.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, appBinary, createOwner, startTauriDriver, until } from './webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-unlock-'));
const dbPath = join(dir, 'practice.sqlite3');
const firstKeyFile = join(dir, 'first.key');
const newKeyFile = join(dir, 'this-computer.key');
const saveDir = join(dir, 'saved');
mkdirSync(saveDir);
/** A recovery key that reads, of a key no practice here has. */
const STRANGER = '3E7Q-DF99-S79E-4F4G-3NXG-2MB0-4191-K4CS-AN1P-NE66-NP0W-98GY-HEZG-JPC8';

after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `f` on the app started with `keyFile` as its key file. @param {string} keyFile @param {(s: AppSession) => Promise<void>} f */
async function withApp(keyFile, f) {
  const driver = await startTauriDriver({
    ...process.env,
    STANDARD_PRACTICE_DB: dbPath,
    STANDARD_PRACTICE_KEY_FILE: keyFile,
    STANDARD_PRACTICE_SAVE_DIR: saveDir,
  });
  try {
    const s = await AppSession.launch(driver.url, app);
    try {
      await f(s);
    } finally {
      await s.quit();
    }
  } finally {
    await driver.stop();
  }
}

/** @param {AppSession} s @param {string} text */
async function typeKey(s, text) {
  await s.execute(`document.querySelector('[data-testid="recovery-key"]').value = ''`);
  await s.type(await s.find('[data-testid="recovery-key"]'), text);
  await s.click(await s.find('[data-testid="unlock"]'));
}

test('a practice encrypted with a key this computer lacks asks for its recovery key, then opens', async () => {
  // First start: a new practice, its key written to the key file named, and
  // the recovery key offered before anything else.
  await withApp(firstKeyFile, async (s) => {
    await createOwner(s);
    await s.find('[data-testid="recovery-key-offer"]');
    await s.click(await s.find('[data-testid="save-recovery-key"]'));
    await s.find('[data-testid="recovery-key-saved"]');
    await s.find('[data-testid="start-demo"]');
  });
  assert.ok(existsSync(firstKeyFile), 'the new practice wrote its key file');
  const recoveryKey = readFileSync(firstKeyFile, 'utf8').trim();
  assert.match(recoveryKey, /^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$/);
  const page = execFileSync('pdftotext', ['-layout', join(saveDir, 'Recovery key.pdf'), '-'], { encoding: 'utf8' });
  // The key's rows come first; the year printed below it would match too.
  const printed = page.match(/\b[0-9A-Z]{4}\b/g)?.slice(0, 14) ?? [];
  assert.equal(printed.join('-'), recoveryKey, `the page holds the key:\n${page}`);
  const practiceBytes = readFileSync(dbPath);

  // The same practice on a "computer" whose key file does not exist yet.
  await withApp(newKeyFile, async (s) => {
    const screen = await s.text(await s.find('[data-testid="open-error"]'));
    assert.match(screen, /needs its recovery key/);
    assert.match(screen, /has not been changed/);
    assert.deepEqual(readFileSync(dbPath), practiceBytes, 'asking changed nothing');

    await typeKey(s, recoveryKey.slice(0, -1) + (recoveryKey.endsWith('0') ? '1' : '0'));
    await until(s, `return document.querySelector('[data-testid="recovery-error"]')?.textContent ?? ''`, 'a mistyped key refused');
    assert.match(await s.text(await s.find('[data-testid="recovery-error"]')), /does not check out/);

    await typeKey(s, STRANGER);
    await until(
      s,
      `return /key this computer does not have/.test(document.querySelector('[data-testid="recovery-error"]')?.textContent ?? '')`,
      "another practice's key refused",
    );

    await typeKey(s, recoveryKey.toLowerCase().replaceAll('-', ' '));
    await s.find('[data-testid="lock-screen"]');
  });
  assert.equal(readFileSync(newKeyFile, 'utf8').trim(), recoveryKey, 'the key is kept for the next start');

  // Next start: no question asked.
  await withApp(newKeyFile, async (s) => {
    await s.find('[data-testid="lock-screen"]');
    assert.equal(await s.execute(`return document.querySelector('[data-testid="open-error"]') === null`), true);
  });
});
