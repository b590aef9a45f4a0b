// The window's memory as people use it (`make bench`): in the demo practice,
// visit every screen twenty times and print the memory of the app and its
// WebKit processes (PSS, which shares pages fairly) after each round, with the
// growth from the first round to the tenth and the twentieth. The release
// app under Xvfb, driven through tauri-driver like the end-to-end suite.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, appBinary, createOwner, startTauriDriver, until } from '../tests/e2e/webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-window-memory-'));
// Every process this run starts carries it in its environment: that is how
// the app and WebKit's helpers are told apart from any other on the machine.
const marker = `SP_MEMORY_RUN=${randomUUID()}`;
const [markerName, markerValue] = marker.split('=');

/**
 * Every screen of the sidebar and the pages behind them, with its heading.
 * @type {[string, RegExp][]}
 */
const SCREENS = [
  ['#/overview', /^Overview$/],
  ['#/staff', /^Staff$/],
  ['#/staff/2', /\S/],
  ['#/staff/2/edit', /^Edit /],
  ['#/staff/new', /^Add person$/],
  ['#/evaluations', /^Evaluations$/],
  ['#/evaluations/1', /\S/],
  ['#/templates', /^Templates$/],
  ['#/templates/1', /\S/],
  ['#/catalog', /^Training catalog$/],
  ['#/log', /^Log training$/],
  ['#/pending', /^Pending approvals$/],
  ['#/standards', /^Service standards$/],
  ['#/standards/1', /\S/],
  ['#/standards/1/edit', /^Edit service standard$/],
  ['#/roles', /^Job roles$/],
  ['#/settings', /^Settings$/],
  ['#/changes', /^Change history$/],
  ['#/transfer', /^Import & export$/],
];

/** @returns {number} the PSS, in KiB, of the app and the WebKit processes it started */
function memoryKib() {
  let total = 0;
  /** @type {string[]} */
  const counted = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      // tauri-driver and WebKitWebDriver are the test's, not the app's.
      if (!/^(standard-practi|WebKit(Web|Network|GPU)Proc)/.test(comm)) continue;
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (!environ.includes(marker)) continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const pss = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
      total += pss;
      counted.push(`${comm}:${pss}`);
    } catch {
      // The process ended while being read.
    }
  }
  assert.ok(counted.some((c) => c.startsWith('standard-practi')), `the app's process was found (${counted})`);
  return total;
}

/** @param {AppSession} s */
async function visitEveryScreen(s) {
  for (const [hash, heading] of SCREENS) {
    await s.execute('location.hash = arguments[0];', [hash]);
    await until(
      s,
      `const h = document.querySelector('.content h1, main h1');
       return location.hash === arguments[0] && h && new RegExp(arguments[1]).test(h.textContent.trim())
         && !document.querySelector('[aria-busy="true"]');`,
      `the screen ${hash}`,
      [hash, heading.source],
    );
  }
}

/** Lets the window settle, so every measurement is taken alike. */
const settle = () => new Promise((r) => setTimeout(r, 3_000));

const driver = await startTauriDriver({
  ...process.env,
  [markerName]: markerValue,
  STANDARD_PRACTICE_DB: join(dir, 'practice.sqlite3'),
});
try {
  const s = await AppSession.launch(driver.url, app);
  try {
    await createOwner(s);
    await s.click(await s.find('[data-testid="start-demo"]'));
    await s.find('[data-testid="practice-name"]');
    /** @type {number[]} */
    const rounds = [];
    for (let round = 1; round <= 20; round++) {
      await visitEveryScreen(s);
      await settle();
      rounds.push(memoryKib());
    }
    const growth = (/** @type {number} */ n) => `${(((rounds[n - 1] - rounds[0]) / rounds[0]) * 100).toFixed(1)}%`;
    console.log(`window memory, KiB after each round of ${SCREENS.length} screens: ${rounds.join(' ')}`);
    console.log(`growth from round 1: ${growth(10)} after round 10, ${growth(20)} after round 20`);
  } finally {
    await s.quit();
  }
} finally {
  await driver.stop();
  rmSync(dir, { recursive: true, force: true });
}
