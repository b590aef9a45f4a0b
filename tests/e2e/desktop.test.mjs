// End to end, the app's desktop manners: started a second time on the same
// practice file, it hands over to the window already open and exits; started
// on another practice file, it opens a window of its own (on a private D-Bus
// session, where the app registers its practice's name). After an upgrade,
// the first start says what changed, once; the About box gives the version,
// the file and the licences.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, REPO, appBinary, click, createOwner, shot, startTauriDriver, until } from './webdriver.mjs';

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

/** This build's version, as Cargo.toml says. */
const VERSION = /^version = "(.+)"$/m.exec(readFileSync(join(REPO, 'Cargo.toml'), 'utf8'))?.[1];

/**
 * Starts the app on a practice of its own, with the config folder `configHome`, and runs `f`.
 * @param {string} configHome @param {(s: AppSession) => Promise<void>} f
 */
async function withApp(configHome, f) {
  const home = join(configHome, '..');
  const env = { ...process.env, STANDARD_PRACTICE_DB: join(home, 'practice.sqlite3'), STANDARD_PRACTICE_KEY_FILE: join(home, 'key.txt') };
  const d = await startTauriDriver(env, { configHome });
  try {
    const s = await AppSession.launch(d.url, app);
    try {
      await f(s);
    } finally {
      await s.quit();
    }
  } finally {
    await d.stop();
  }
}

/** The what-changed dialog's text once it shows, or null if it has not within `ms`. @param {AppSession} s @param {number} ms */
function whatChanged(s, ms) {
  return until(s, `return document.querySelector('[data-testid="what-changed"]')?.innerText ?? null`, 'what changed', [], ms).catch(() => null);
}

test('after an upgrade the first start says what changed, once; the About box gives the version, the file and the licences', async () => {
  const home = mkdtempSync(join(dir, 'upgraded-'));
  const configHome = join(home, 'config');
  mkdirSync(join(configHome, 'com.standardpractice.app'), { recursive: true });
  writeFileSync(join(configHome, 'com.standardpractice.app', 'last-version.txt'), '0.1.0\n');

  await withApp(configHome, async (s) => {
    const text = String(await whatChanged(s, 15_000));
    await shot(s, 'what-changed');
    assert.match(text, new RegExp(`What's new in Standard Practice ${VERSION}`));
    assert.match(text, /Updated from 0\.1\.0\./);
    assert.match(text, /It installs like a desktop program/, "this version's notes from CHANGELOG.md");
    await click(s, 'what-changed-close');
    await createOwner(s);
    await click(s, 'start-demo');
    await s.find('[data-testid="overview-todo"]');
    await click(s, 'open-about');
    // Once loaded: the version, and the licences (their own chunk).
    const about = String(
      await until(
        s,
        `const box = document.querySelector('[data-testid="about-dialog"]');
         return box?.querySelector('[data-testid="about-version"]') && /Rust crates/.test(box.innerText) ? box.innerText : null;`,
        'the About box, loaded',
      ),
    );
    assert.match(about, new RegExp(`Version ${VERSION}`));
    assert.ok(about.includes(join(home, 'practice.sqlite3')), 'the practice file');
    assert.match(about, /\d{3} Rust crates/);
    assert.match(about, /3 fonts/);
    await shot(s, 'about');
  });
  assert.equal(readFileSync(join(configHome, 'com.standardpractice.app', 'last-version.txt'), 'utf8').trim(), VERSION);
  // The next start is not an upgrade.
  await withApp(configHome, async (s) => {
    await s.find('[data-testid="lock-screen"], [data-testid="sign-in"]');
    assert.equal(await whatChanged(s, 3_000), null, 'said once');
  });
  // Nothing remembered (another config folder) and an encrypted practice:
  // not an upgrade from 0.1.0, which kept practices plain.
  rmSync(join(configHome, 'com.standardpractice.app', 'last-version.txt'));
  await withApp(configHome, async (s) => {
    await s.find('[data-testid="lock-screen"], [data-testid="sign-in"]');
    assert.equal(await whatChanged(s, 3_000), null, 'not taken for an upgrade');
  });
});
