// Opens the built UI against the fake backend, plus small waiting helpers
// (playwright-core has no `expect`, so tests poll for the state they need).

import assert from 'node:assert/strict';
import { openWithMockIpc, sendThroughChannel } from './harness.mjs';
import { createFakeBackend } from './fake-backend.mjs';

/**
 * @param {import('playwright-core').Browser} browser
 * @param {string} url the served dist
 * @param {{ fake?: ReturnType<typeof createFakeBackend>, overrides?: Record<string, import('./harness.mjs').Handler>, hash?: string, colorScheme?: 'light' | 'dark' }} [options]
 */
export async function openApp(browser, url, options = {}) {
  const fake = options.fake ?? createFakeBackend();
  const opened = await openWithMockIpc(browser, { ...fake.handlers, ...options.overrides });
  await opened.page.setViewportSize({ width: 1280, height: 820 });
  if (options.colorScheme) await opened.page.emulateMedia({ colorScheme: options.colorScheme });
  await opened.page.goto(url + (options.hash ?? ''));
  return { ...opened, fake };
}

/**
 * Polls `read` until `check` accepts its value; fails with the last value seen.
 * @template T
 * @param {() => Promise<T>} read
 * @param {(v: T) => boolean} check
 * @param {string} what
 */
export async function eventually(read, check, what, timeout = 5000) {
  const end = Date.now() + timeout;
  /** @type {T | undefined} */
  let last;
  while (Date.now() < end) {
    last = await read();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`${what}: still ${JSON.stringify(last)} after ${timeout} ms`);
}

/** @param {import('playwright-core').Locator} locator @param {number} n @param {string} what */
export function countIs(locator, n, what) {
  return eventually(() => locator.count(), (c) => c === n, what);
}

/** @param {import('playwright-core').Locator} locator @param {RegExp} re @param {string} what */
export function textMatches(locator, re, what) {
  return eventually(async () => ((await locator.count()) ? await locator.first().innerText() : ''), (t) => re.test(t), what);
}

/**
 * Chooses `choice` from the native menu, as the shell does: through the
 * channel the window gave `menu_listen` when it loaded.
 * @param {import('playwright-core').Page} page
 * @param {ReturnType<typeof createFakeBackend>} fake
 * @param {import('../src/lib/bindings.js').MenuChoice} choice
 */
export async function chooseFromMenu(page, fake, choice) {
  const menu = await eventually(async () => fake.state.menu, (m) => m !== null, 'the window listens to the menu');
  if (!menu) return;
  await sendThroughChannel(page, menu.channel, menu.sent, choice);
  menu.sent += 1;
}
