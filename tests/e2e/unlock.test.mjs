// End to end, the practice's recovery key: at first run the window offers it
// as a one-page PDF through the save dialog, and that page holds the key the
// practice is encrypted with. Then the practice on a computer that does not
// have its key (brought from another computer, or a key store that lost its
// keys): the real release binary asks for the recovery key instead of
// failing, refuses a mistyped one and another practice's, opens with the
// right one, keeps it, and opens the next time without asking. And a new
// practice on a computer without a credential store: the window asks where
// to keep its key file, remembers it, and asks for it (or the recovery key)
// when it is gone.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, appBinary, createOwner, needsSaveHook, signInAsOwner, startTauriDriver, until } from './webdriver.mjs';

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

/**
 * Runs `f` on the app started with `env` (on top of this process's).
 * @param {NodeJS.ProcessEnv} env @param {(s: AppSession) => Promise<void>} f @param {{ configHome?: string }} [options]
 */
async function launch(env, f, options) {
  const driver = await startTauriDriver({ ...process.env, ...env }, options);
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

/**
 * Runs `f` on the app started on `db` with `keyFile` as its key file.
 * @param {string} keyFile @param {(s: AppSession) => Promise<void>} f @param {string} [db]
 */
const withApp = (keyFile, f, db = dbPath) =>
  launch({ STANDARD_PRACTICE_DB: db, STANDARD_PRACTICE_KEY_FILE: keyFile, STANDARD_PRACTICE_SAVE_DIR: saveDir }, f);

/** @param {AppSession} s @param {string} text */
async function typeKey(s, text) {
  await s.execute(`document.querySelector('[data-testid="recovery-key"]').value = ''`);
  await s.type(await s.find('[data-testid="recovery-key"]'), text);
  await s.click(await s.find('[data-testid="unlock"]'));
}

test('a practice encrypted with a key this computer lacks asks for its recovery key, then opens', { skip: needsSaveHook }, async () => {
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

test("a backup from another computer's practice restores with that practice's recovery key", { skip: needsSaveHook }, async () => {
  const here = join(dir, 'here');
  const there = join(dir, 'there');
  mkdirSync(here);
  mkdirSync(there);
  /** @param {string} db @param {string} keyFile @param {(s: AppSession) => Promise<void>} f */
  const run = (db, keyFile, f) => withApp(keyFile, f, db);
  // The other computer: the demo practice, and a backup of it.
  await run(join(there, 'old.sqlite3'), join(there, 'old.key'), async (s) => {
    await createOwner(s);
    await s.click(await s.find('[data-testid="start-demo"]'));
    await s.click(await s.find('[data-testid="nav-settings"]'));
    await s.click(await s.find('[data-testid="backup-now"]'));
    await until(s, `return document.querySelectorAll('[data-testid="backups"] tbody tr').length >= 2`, 'the backup taken');
  });
  const theirBackup = readdirSync(join(there, 'backups')).find((f) => f.endsWith('-manual.sqlite3'));
  assert.ok(theirBackup, 'the other practice was backed up');
  // This computer: a new, empty practice with a key of its own, and that
  // backup put beside its own (as a USB stick's copy would be chosen).
  const mine = join(here, 'practice.sqlite3');
  await run(mine, join(here, 'practice.key'), async (s) => {
    await createOwner(s);
    await s.click(await s.find('[data-testid="start-empty"]'));
    await s.type(await s.find('form [data-testid="field-name"]'), 'Harbour Physio');
    await s.click(await s.find('[data-testid="save"]'));
    await s.find('[data-testid="nav-staff"]');
  });
  copyFileSync(join(there, 'backups', theirBackup), join(here, 'backups', theirBackup.replace(/^old-/, 'practice-')));
  await run(mine, join(here, 'practice.key'), async (s) => {
    await signInAsOwner(s);
    await s.click(await s.find('[data-testid="nav-settings"]'));
    await until(
      s,
      // Newest first: theirs, taken before this practice was made, is last.
      `const rows = [...document.querySelectorAll('[data-testid="backups"] tbody tr')];
       if (rows.length < 2) return false;
       rows[rows.length - 1].querySelector('button').click(); return true;`,
      'their backup listed beside ours',
    );
    await s.click(await s.find('[data-testid="confirm-ok"]'));
    await s.find('[data-testid="restore-key-form"]');
    await s.type(await s.find('[data-testid="restore-recovery-key"]'), readFileSync(join(there, 'old.key'), 'utf8').trim());
    await s.click(await s.find('[data-testid="restore-with-key"]'));
    await signInAsOwner(s);
    await s.click(await s.find('[data-testid="nav-staff"]'));
    await until(
      s,
      `return Number(document.querySelector('[data-testid="staff-count"]')?.textContent.match(/\\d+/)?.[0] ?? 0) >= 10`,
      "the other practice's staff here",
    );
  });
});

test('a new practice on a computer without a credential store keeps its key in a file chosen in the window', { skip: needsSaveHook }, async () => {
  const here = join(dir, 'no-store');
  const config = join(here, 'config');
  const saved = join(here, 'saved');
  mkdirSync(saved, { recursive: true });
  const db = join(here, 'practice.sqlite3');
  const keyFile = join(saved, 'Standard Practice key.txt');
  /** @param {(s: AppSession) => Promise<void>} f */
  const run = (f) =>
    launch(
      {
        STANDARD_PRACTICE_DB: db,
        // No key file named, and no credential store: no session bus to find one on.
        STANDARD_PRACTICE_KEY_FILE: '',
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(here, 'no-bus')}`,
        STANDARD_PRACTICE_SAVE_DIR: saved,
      },
      f,
      { configHome: config },
    );

  // First start: no recovery key to ask for, but a place to choose for the key.
  await run(async (s) => {
    const screen = await s.text(await s.find('[data-testid="open-error"]'));
    assert.match(screen, /Where should the new practice keep its key/);
    assert.equal(await s.execute(`return document.querySelector('[data-testid="unlock-form"]') === null`), true);
    assert.ok(!existsSync(db), 'nothing made before the key has a place');
    await s.click(await s.find('[data-testid="keep-key-file"]'));
    await createOwner(s);
    await s.find('[data-testid="recovery-key-offer"]');
  });
  assert.ok(existsSync(db), 'the practice was made');
  const recoveryKey = readFileSync(keyFile, 'utf8').trim();
  assert.match(recoveryKey, /^([0-9A-Z]{4}-){13}[0-9A-Z]{4}$/);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'the key file is its owner’s only');

  // Next start: the key file is remembered, nothing asked.
  await run(async (s) => {
    await s.find('[data-testid="lock-screen"]');
    assert.equal(await s.execute(`return document.querySelector('[data-testid="open-error"]') === null`), true);
  });

  // The key file gone (a USB stick left at home): asked for the stick or the
  // recovery key, which opens the practice.
  renameSync(keyFile, join(here, 'away.txt'));
  await run(async (s) => {
    const screen = await s.text(await s.find('[data-testid="open-error"]'));
    assert.match(screen, /needs its recovery key/);
    assert.match(screen, /is not there/);
    await s.find('[data-testid="use-key-file"]');
    await typeKey(s, recoveryKey);
    await s.find('[data-testid="lock-screen"]');
  });
  assert.ok(!existsSync(keyFile), 'no new key file made in its place');
});
