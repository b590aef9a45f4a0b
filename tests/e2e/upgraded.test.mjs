// End to end, the first start after a real upgrade: the practice the
// previous release's package filled, opened by the newly installed window
// (tests/package/upgrade.sh installs both and runs this file; elsewhere it
// skips). With nothing remembered on this computer and the practice still
// plain, the window takes it for an upgrade from 0.1.0: it says what is new,
// once, encrypts the practice, and every person is there.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, appBinary, click, createOwner, go, set, startTauriDriver, until } from './webdriver.mjs';

const practice = process.env.E2E_UPGRADED_DB;
const skip = practice ? false : 'run by tests/package/upgrade.sh, on the practice the previous release made';
const people = Number(process.env.E2E_UPGRADED_PEOPLE ?? 0);

// The config folder is kept from one start to the next: it is where the
// window remembers the version it last ran.
const configHome = mkdtempSync(join(tmpdir(), 'sp-upgraded-config-'));
/** @type {Awaited<ReturnType<typeof startTauriDriver>>} */
let driver;
before(async () => {
  if (skip) return;
  driver = await startTauriDriver(
    { ...process.env, STANDARD_PRACTICE_DB: practice, STANDARD_PRACTICE_KEY_FILE: process.env.E2E_UPGRADED_KEY },
    { configHome },
  );
});
after(async () => {
  await driver?.stop();
  rmSync(configHome, { recursive: true, force: true });
});

/** The what-changed dialog's text once it shows, or null if it has not within `ms`. @param {AppSession} s @param {number} ms */
function whatChanged(s, ms) {
  return until(s, `return document.querySelector('[data-testid="what-changed"]')?.innerText ?? null`, 'what changed', [], ms).catch(() => null);
}

test('the upgraded practice opens in the window: what is new, once, and every person', { skip }, async () => {
  const s = await AppSession.launch(driver.url, appBinary());
  try {
    const text = await whatChanged(s, 20_000);
    assert.ok(text, 'the first start after the upgrade says what is new');
    assert.match(text, /Updated from 0\.1\.0/);
    await click(s, 'what-changed-close');
    // 0.1.0 kept practices plain: this start encrypted it, and says so.
    assert.match(await s.text(await s.find('[data-testid="encrypted-now"]')), /was encrypted/);
    // 0.1.0's demo made kiosk accounts but no owner: the window asks for one.
    await createOwner(s);
    await s.find('[data-testid="overview-todo"]');
    await go(s, '#/staff');
    await set(s, 'staff-status', 'All');
    await until(
      s,
      `return document.querySelectorAll('[data-testid="staff-row"]').length === arguments[0]`,
      `${people} people in the list`,
      [people],
    );
  } finally {
    await s.quit();
  }

  const again = await AppSession.launch(driver.url, appBinary());
  try {
    await again.find('[data-testid="lock-screen"]');
    assert.equal(await whatChanged(again, 3_000), null, 'what is new is said once');
  } finally {
    await again.quit();
  }
});
