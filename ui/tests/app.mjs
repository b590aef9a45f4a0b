// Opens the built UI against the fake backend, plus small waiting helpers
// (playwright-core has no `expect`, so tests poll for the state they need).
// A test file starts with `const ui = uiInChromium();` and opens pages with
// `ui.open(…)`: the server and the browser are its own, started once.

import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { launchBrowser, openWithMockIpc, sendThroughChannel, serveDist } from './harness.mjs';
import { createFakeBackend } from './fake-backend.mjs';

/**
 * The built UI served and Chromium started once for the test file that calls
 * this at its top level: it registers the file's `before` hook that starts
 * them and the `after` hook that closes them (node --test runs each file in
 * its own process, so no two files share a browser). Read `url` and `browser`
 * inside a test, once the hook has run.
 */
export function uiInChromium() {
  /** @type {Awaited<ReturnType<typeof serveDist>> | undefined} */
  let server;
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;

  before(async () => {
    server = await serveDist();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const started = () => {
    if (!server || !browser) throw new Error('the UI is not served yet: use it inside a test, after the before hook');
    return { url: server.url, browser };
  };

  return {
    /** The served dist's address, ending in `/`. */
    get url() {
      return started().url;
    },
    get browser() {
      return started().browser;
    },
    /**
     * `openApp` in this file's browser, on its served dist.
     * @param {Parameters<typeof openApp>[2]} [options]
     */
    open: (options) => {
      const { browser, url } = started();
      return openApp(browser, url, options);
    },
  };
}

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
 * The calls of one command, in order.
 * @param {{ cmd: string, args: Record<string, unknown> }[]} calls @param {string} cmd
 */
export const called = (calls, cmd) => calls.filter((c) => c.cmd === cmd);

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
