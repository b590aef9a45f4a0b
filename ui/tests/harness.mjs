// UI test harness: the built UI (`ui/dist`) in Debian's Chromium, driven by
// playwright-core, with the Tauri IPC replaced by handlers running in the test.
//
// Nothing is downloaded: playwright-core is only the driver library, and the
// browser is /usr/bin/chromium (`make setup` installs it). Never `playwright install`.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { TODAY } from './fake-backend.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const DIST = resolve(here, '../dist');
const TAURI_CONF = resolve(here, '../../src-tauri/tauri.conf.json');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The app's own CSP from tauri.conf.json, so a UI change that the app would
 * block (an inline script, a remote URL) fails here too.
 * @returns {Promise<string>}
 */
async function appCsp() {
  const conf = JSON.parse(await readFile(TAURI_CONF, 'utf8'));
  /** @type {Record<string, string>} */
  const csp = conf.app.security.csp;
  return Object.entries(csp)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
}

/**
 * Serves ui/dist on 127.0.0.1 with a random port.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveDist() {
  const csp = await appCsp();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[/** @type {keyof TYPES} */ (extname(file))] ?? 'application/octet-stream',
        'content-security-policy': csp,
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(undefined)));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/** @returns {Promise<import('playwright-core').Browser>} */
export function launchBrowser() {
  // Chromium keeps its crash reports under the config folder whatever the
  // profile: a folder of this run's own, never the user's.
  const home = mkdtempSync(join(tmpdir(), 'sp-ui-chromium-'));
  process.once('exit', () => rmSync(home, { recursive: true, force: true }));
  return chromium.launch({
    executablePath: CHROMIUM,
    env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A command handler: return the command's result, or throw `{ code, field?, message }`
 * (the shell's error payload) to make the UI's `invoke` reject with it. A
 * thrown `Error` is the fake's own failure (no fixture covers the call): it
 * fails the test file, whatever the window does with it.
 * @typedef {(args: Record<string, unknown>) => unknown} Handler
 */

/** Fails this test file (node --test runs each file in its own process) and says why. @param {string} why */
function fixtureMissing(why) {
  console.error(`fake backend: ${why}`);
  process.exitCode = 1;
}

/**
 * Opens a page whose Tauri IPC is answered by `handlers` in this Node process,
 * its clock fixed at the fixtures' date.
 * Mirrors `mockIPC` from `@tauri-apps/api/mocks`: the same `__TAURI_INTERNALS__`
 * surface (invoke, callbacks, window metadata), installed before the UI loads.
 * `calls` records every invoke, in order.
 *
 * @param {import('playwright-core').Browser} browser
 * @param {Record<string, Handler>} handlers
 */
export async function openWithMockIpc(browser, handlers) {
  const page = await browser.newPage();
  // The page's clock says the fixtures' day (morning, local time), so what the
  // UI dates from "today" agrees with what the core computed at that date.
  await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00`));
  /** @type {{ cmd: string, args: Record<string, unknown> }[]} */
  const calls = [];
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });

  await page.exposeFunction(
    '__spMockInvoke',
    /** @param {string} cmd @param {Record<string, unknown>} args */
    async (cmd, args) => {
      calls.push({ cmd, args });
      const handler = handlers[cmd];
      if (!handler) {
        fixtureMissing(`no handler for command ${cmd}`);
        return { err: { code: 'io', message: `no mock for command ${cmd}` } };
      }
      try {
        return { ok: (await handler(args)) ?? null };
      } catch (e) {
        if (e instanceof Error) {
          fixtureMissing(e.message);
          return { err: { code: 'io', message: e.message } };
        }
        return { err: e };
      }
    },
  );

  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    /** @type {Map<number, (data: unknown) => void>} */
    const callbacks = new Map();
    const unregisterCallback = (/** @type {number} */ id) => callbacks.delete(id);
    w.__TAURI_INTERNALS__ = {
      metadata: {
        currentWindow: { label: 'main' },
        currentWebview: { windowLabel: 'main', label: 'main' },
      },
      async invoke(/** @type {string} */ cmd, /** @type {Record<string, unknown>} */ args = {}) {
        // As the real IPC sends them: a Channel as its "__CHANNEL__:<id>" (its
        // toJSON), which a fake command keeps to send messages through.
        const sent = Object.fromEntries(
          Object.entries(args).map(([k, v]) => [k, v && typeof v === 'object' && 'toJSON' in v && typeof v.toJSON === 'function' ? v.toJSON() : v]),
        );
        const reply = await w.__spMockInvoke(cmd, sent);
        if ('err' in reply) throw reply.err;
        return reply.ok;
      },
      transformCallback(/** @type {(data: unknown) => void} */ callback, once = false) {
        const id = crypto.getRandomValues(new Uint32Array(1))[0];
        callbacks.set(id, (data) => {
          if (once) unregisterCallback(id);
          return callback && callback(data);
        });
        return id;
      },
      unregisterCallback,
      runCallback(/** @type {number} */ id, /** @type {unknown} */ data) {
        callbacks.get(id)?.(data);
      },
      callbacks,
      convertFileSrc: (/** @type {string} */ path, protocol = 'asset') =>
        `${protocol}://localhost/${encodeURIComponent(path)}`,
    };
    w.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener() {} };
  });

  return { page, calls, errors };
}

/**
 * Sends `message` through a channel the page gave a command (its
 * "__CHANNEL__:<id>", as the fake command received it), as the shell does;
 * `index` counts the messages sent on that channel, from 0.
 * @param {import('playwright-core').Page} page
 * @param {string} channel
 * @param {number} index
 * @param {unknown} message
 */
export function sendThroughChannel(page, channel, index, message) {
  const id = Number(channel.replace(/^__CHANNEL__:/, ''));
  return page.evaluate(
    ({ id, index, message }) => /** @type {any} */ (window).__TAURI_INTERNALS__.runCallback(id, { index, message }),
    { id, index, message },
  );
}
