// End to end, the daily reminder: the real release binary on a private
// D-Bus session (Xvfb has no notification server), `dbus-monitor` recording
// every desktop notification sent on it. The first run (owner, then the
// demo) sends none; the next start sends exactly one, saying how many new
// things there are to do and naming nobody; a third start the same day
// sends none.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, appBinary, createOwner, startTauriDriver } from './webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-reminder-'));
const log = join(dir, 'notifications.log');
after(() => rmSync(dir, { recursive: true, force: true }));

/** The Notify calls the monitor has seen, each as its lines. */
function notifications() {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split(/^(?=method call )/m)
    .filter((block) => block.includes('member=Notify'));
}

/** @param {number} n @param {number} ms */
async function settle(n, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end && notifications().length < n) {
    await new Promise((r) => setTimeout(r, 200));
  }
  return notifications();
}

test('one notification on the first start of a day with things due, none on the next', async () => {
  const driver = await startTauriDriver({ ...process.env }, { notifications: log });
  try {
    // First run: nothing to remind of until the practice is set up.
    let s = await AppSession.launch(driver.url, app);
    try {
      await createOwner(s);
      await s.click(await s.find('[data-testid="start-demo"]'));
      await s.find('[data-testid="nav-staff"]');
    } finally {
      await s.quit();
    }
    assert.equal(notifications().length, 0, 'the first run sends none');

    // The next start: the demo's things to do, in one notification.
    s = await AppSession.launch(driver.url, app);
    try {
      await s.find('[data-testid="lock-screen"]');
      const sent = await settle(1, 15_000);
      assert.equal(sent.length, 1, 'exactly one notification');
      assert.match(sent[0], /string "\d+ new things to do"/, sent[0]);
      assert.match(sent[0], /Licences expiring: \d+\./, 'how many of each kind');
      assert.match(sent[0], /Sign in to see the list\./);
      for (const name of ['王芳', 'Łukasz', 'Aoife', 'Zoë']) {
        assert.ok(!sent[0].includes(name), `no name on a shared screen: ${name}`);
      }
    } finally {
      await s.quit();
    }

    // A third start the same day: none more.
    s = await AppSession.launch(driver.url, app);
    try {
      await s.find('[data-testid="lock-screen"]');
      await settle(2, 4_000);
    } finally {
      await s.quit();
    }
    assert.equal(notifications().length, 1, 'none on a second start the same day');
  } finally {
    await driver.stop();
  }
});
