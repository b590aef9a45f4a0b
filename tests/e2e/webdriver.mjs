// A small W3C WebDriver client over fetch, enough for our journeys, and the
// tauri-driver process that serves it. No selenium-webdriver: nothing here can
// reach for a driver download, and every request is visible in one file.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** @returns {Promise<number>} a TCP port on 127.0.0.1 that was free a moment ago */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/** @param {number} port @returns {Promise<boolean>} whether something accepts connections there */
function listening(port) {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });
}

/** The release binary the e2e suite drives (`make app` builds it). */
export function appBinary() {
  const target = process.env.CARGO_TARGET_DIR ?? resolve(REPO, 'target');
  const bin = process.env.APP_BINARY ?? resolve(target, 'release/standard-practice-app');
  if (!existsSync(bin)) throw new Error(`${bin} does not exist: run \`make app\` first`);
  return bin;
}

function tauriDriverPath() {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER;
  const local = resolve(REPO, '.tools/bin/tauri-driver');
  return existsSync(local) ? local : 'tauri-driver';
}

/**
 * Starts tauri-driver (which starts WebKitWebDriver) on free ports and waits until
 * it answers. `env` reaches the app: WebKitWebDriver launches it with this
 * environment, with data, config and cache folders and a key file of its own
 * (removed by `stop`) in place of the user's.
 * With `keyring`, everything runs in a private D-Bus session with a
 * throwaway gnome-keyring (its home and data in this run's folder): the app
 * keeps its keys in a real Secret Service, never the user's; pass
 * `STANDARD_PRACTICE_KEY_FILE: ''` then, so that it uses the store.
 * `configHome` (a folder of the test's own) keeps the config folder from one
 * start to the next, for what the app remembers there.
 * With `notifications` (a file), everything runs in a private D-Bus session
 * too, and `dbus-monitor` writes every desktop notification sent on it
 * (`org.freedesktop.Notifications.Notify`) into that file: there is no
 * notification server on it, so nothing is shown, but each call is seen.
 * With `privateBus`, everything runs in a private D-Bus session without
 * either: what the app registers there (one instance per practice file) is
 * seen by nothing else, and `appEnv()` gives its address, to start the app
 * a second time beside the one the driver started.
 * @param {NodeJS.ProcessEnv} env
 * @param {{ keyring?: boolean, configHome?: string, notifications?: string, privateBus?: boolean }} [options]
 */
export async function startTauriDriver(env, { keyring = false, configHome, notifications, privateBus: own = false } = {}) {
  if (!env.DISPLAY) {
    throw new Error('no $DISPLAY: run the e2e suite under `xvfb-run -a` (make test does)');
  }
  // The app, WebKit and everything they start keep their data, config and
  // cache in folders of this run's own: never the real user's (WebKit writes
  // local storage under the app's identifier in the data folder).
  const home = mkdtempSync(join(tmpdir(), 'sp-e2e-home-'));
  env = {
    ...env,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: configHome ?? join(home, 'config'),
    XDG_CACHE_HOME: join(home, 'cache'),
    // The practice's key in a key file of this run (created at first start),
    // unless the test names its own: never the real user's credential store.
    STANDARD_PRACTICE_KEY_FILE: env.STANDARD_PRACTICE_KEY_FILE ?? join(home, 'practice-key.txt'),
  };
  const privateBus = own || keyring || notifications !== undefined;
  if (keyring) {
    env = { ...env, HOME: home, XDG_RUNTIME_DIR: join(home, 'run') };
  }
  if (privateBus) {
    delete env.DBUS_SESSION_BUS_ADDRESS;
  }
  const port = await freePort();
  const nativePort = await freePort();
  // tauri-driver gets a process group of its own, and pipes rather than our
  // stdout and stderr: WebKitWebDriver, the app and WebKit's helper processes
  // all descend from it, and none of them may outlive the suite holding the
  // test runner's (or CI's) output open. `stop` ends the whole group.
  const driverArgs = ['--port', String(port), '--native-port', String(nativePort)];
  // The keyring is unlocked with a throwaway password on stdin (an empty one
  // would ask a prompter there is none of), then its Secret Service started.
  const keyringScript = `set -e
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    printf 'throwaway' | gnome-keyring-daemon --daemonize --login >/dev/null
    eval "$(gnome-keyring-daemon --start --components=secrets)"
    exec "$@"`;
  // The monitor becomes a monitor before the driver (and so the app) starts:
  // wait until it has said so in its file.
  const monitorScript = `set -e
    [ -n "$SP_NOTIFY_LOG" ] || exec "$@"
    dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" > "$SP_NOTIFY_LOG" 2>&1 &
    for _ in $(seq 50); do grep -q NameAcquired "$SP_NOTIFY_LOG" 2>/dev/null && break; sleep 0.1; done
    exec "$@"`;
  if (notifications !== undefined) env = { ...env, SP_NOTIFY_LOG: notifications };
  // The private bus starts no service on demand: on a desktop machine it
  // would otherwise start whatever is installed (the document portal mounts
  // a FUSE folder in the runtime folder, which outlives the test and cannot
  // be deleted), so the test would depend on the machine's packages.
  const busConfig = join(home, 'session-bus.conf');
  if (privateBus) {
    writeFileSync(
      busConfig,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${home}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
    );
  }
  // Each script first leaves the bus's address where `appEnv` reads it.
  const busAddress = join(home, 'bus-address');
  const script = `printf %s "$DBUS_SESSION_BUS_ADDRESS" > '${busAddress}'\n${keyring ? keyringScript : monitorScript}`;
  const child = privateBus
    ? spawn('dbus-run-session', [`--config-file=${busConfig}`, '--', 'sh', '-c', script, 'sh', tauriDriverPath(), ...driverArgs], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
    : spawn(tauriDriverPath(), driverArgs, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout?.on('data', (chunk) => process.stderr.write(chunk));
  child.stderr?.on('data', (chunk) => process.stderr.write(chunk));
  // If this test process dies before `stop`, the group still goes with it.
  const killGroup = () => {
    try {
      process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  process.once('exit', killGroup);
  /** @type {Error | undefined} */
  let failed;
  child.once('error', (e) => (failed = e));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (failed) throw new Error(`tauri-driver did not start: ${failed.message}`);
    if (child.exitCode !== null) throw new Error(`tauri-driver exited with ${child.exitCode}`);
    // Ask tauri-driver only once WebKitWebDriver behind it listens: before that
    // it answers with an error and logs a backtrace.
    if ((await listening(nativePort)) && (await listening(port))) {
      const res = await fetch(`${url}/status`).catch(() => undefined);
      if (res?.ok) break;
    }
    if (Date.now() > deadline) {
      killGroup();
      throw new Error('tauri-driver did not answer within 20 s');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    /**
     * The environment the driver starts the app in, its private bus's
     * address included: to start the app again beside it.
     * @returns {NodeJS.ProcessEnv}
     */
    appEnv() {
      return privateBus ? { ...env, DBUS_SESSION_BUS_ADDRESS: readFileSync(busAddress, 'utf8') } : env;
    },
    /**
     * Stops tauri-driver and everything it started (its process group, which
     * we created), waits for it to go, and lets go of its pipes.
     */
    async stop() {
      const group = /** @type {number} */ (child.pid);
      /** @param {NodeJS.Signals} signal */
      const signalGroup = (signal) => {
        try {
          process.kill(-group, signal);
        } catch {
          // ESRCH: the group is already gone.
        }
      };
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((ok) => child.once('exit', ok));
        signalGroup('SIGTERM');
        const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
        await gone;
        clearTimeout(timer);
      }
      // Whatever tauri-driver left behind in its group goes too.
      killGroup();
      process.removeListener('exit', killGroup);
      rmSync(home, { recursive: true, force: true });
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
  };
}

/**
 * @param {string} method
 * @param {string} url
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
async function request(method, url, body) {
  const res = await fetch(url, {
    method,
    // A launch that hangs (the app crashed before its webview connected) fails
    // the test instead of hanging the suite.
    signal: AbortSignal.timeout(60_000),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = /** @type {any} */ (await res.json().catch(() => ({})));
  if (!res.ok || json?.value?.error) {
    const v = json?.value ?? {};
    throw new Error(`WebDriver ${method} ${url}: ${v.error ?? res.status} ${v.message ?? ''}`.trim());
  }
  return json.value;
}

/** One launch of the app, driven through WebDriver. */
export class AppSession {
  /** @param {string} base @param {string} id */
  constructor(base, id) {
    this.base = `${base}/session/${id}`;
  }

  /**
   * Launches the app and returns once its window's webview is ready to drive.
   * @param {string} driverUrl
   * @param {string} application absolute path of the app binary
   */
  static async launch(driverUrl, application) {
    const value = await request('POST', `${driverUrl}/session`, {
      capabilities: {
        // No browserName: WebKitWebDriver rejects any name but its own, which
        // differs between WebKitGTK versions.
        alwaysMatch: { 'tauri:options': { application } },
      },
    });
    const session = new AppSession(driverUrl, value.sessionId);
    // Finding an element waits up to this long for it to appear.
    await request('POST', `${session.base}/timeouts`, { implicit: 15_000 });
    return session;
  }

  /** @param {string} css @returns {Promise<string>} the element's id */
  async find(css) {
    const value = await request('POST', `${this.base}/element`, { using: 'css selector', value: css });
    if (!value?.[ELEMENT]) throw new Error(`WebDriver: no element in ${JSON.stringify(value)}`);
    return value[ELEMENT];
  }

  /** @param {string} element */
  text(element) {
    return /** @type {Promise<string>} */ (request('GET', `${this.base}/element/${element}/text`));
  }

  /** @param {string} element */
  click(element) {
    return request('POST', `${this.base}/element/${element}/click`, {});
  }

  /** @param {string} element @param {string} text */
  type(element, text) {
    return request('POST', `${this.base}/element/${element}/value`, { text });
  }

  /**
   * Runs `script` (a function body) in the page and returns its result.
   * @param {string} script @param {unknown[]} [args]
   */
  execute(script, args = []) {
    return request('POST', `${this.base}/execute/sync`, { script, args });
  }

  /** @returns {Promise<{ x: number, y: number, width: number, height: number }>} the window's place and size */
  rect() {
    return request('GET', `${this.base}/window/rect`);
  }

  /**
   * Moves and resizes the window.
   * @param {{ x?: number, y?: number, width?: number, height?: number }} rect
   */
  setRect(rect) {
    return request('POST', `${this.base}/window/rect`, rect);
  }

  /** @returns {Promise<string>} the window's title */
  title() {
    return request('GET', `${this.base}/title`);
  }

  /** @returns {Promise<Buffer>} a PNG of the window */
  async screenshot() {
    return Buffer.from(await request('GET', `${this.base}/screenshot`), 'base64');
  }

  /** Ends the session, which closes the app. */
  quit() {
    return request('DELETE', this.base);
  }
}

/**
 * Polls `body` (a function body run in the page) until it returns truthy.
 * @param {AppSession} session @param {string} body @param {string} what
 * @param {unknown[]} [args] @param {number} [ms]
 */
export async function until(session, body, what, args = [], ms = 15_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await session.execute(body, args);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Saves a PNG of the window as `name`.png in `$E2E_SCREENSHOTS`, when set:
 * for a person to look at what a journey saw. Nothing otherwise.
 * @param {AppSession} session @param {string} name
 */
export async function shot(session, name) {
  const folder = process.env.E2E_SCREENSHOTS;
  if (!folder) return;
  writeFileSync(join(folder, `${name}.png`), await session.screenshot());
}

/** The owner every window test creates on its fresh database. */
export const OWNER = { name: 'Dr. Test Owner', passphrase: 'window test passphrase' };

/**
 * First run: fills in the owner's account on the lock screen and submits it.
 * @param {AppSession} session
 */
export async function createOwner(session) {
  await session.find('[data-testid="owner-form"]');
  await session.type(await session.find('[data-testid="field-name"]'), OWNER.name);
  await session.type(await session.find('[data-testid="field-passphrase"]'), OWNER.passphrase);
  await session.type(await session.find('[data-testid="field-confirm"]'), OWNER.passphrase);
  await session.click(await session.find('[data-testid="create-owner"]'));
}

/**
 * At the lock screen: picks the owner and signs in with the passphrase.
 * @param {AppSession} session
 */
export async function signInAsOwner(session) {
  await session.find('[data-testid="lock-screen"]');
  await until(
    session,
    `const b = [...document.querySelectorAll('[data-testid^="account-"]')].find((x) => x.textContent.includes(arguments[0]));
     if (b) { b.click(); return true; } return false;`,
    'the owner on the lock screen',
    [OWNER.name],
  );
  await session.type(await session.find('[data-testid="field-secret"]'), OWNER.passphrase);
  await session.click(await session.find('[data-testid="sign-in"]'));
}

/**
 * `test(name, { skip: needsSaveHook }, …)` for a journey that answers a save
 * or folder dialog: the `e2e` build answers them from
 * `STANDARD_PRACTICE_SAVE_DIR`, the installed package cannot (`make
 * package-test` runs the suite against it), so there the journey is skipped,
 * saying why.
 * @type {string | false}
 */
export const needsSaveHook = (() => {
  let app;
  try {
    app = readFileSync(appBinary());
  } catch {
    return false; // no app to run: each test says so when it starts it
  }
  return app.includes('STANDARD_PRACTICE_SAVE_DIR') ? false : 'the app under test is the installed package, which has no save-dialog hook';
})();

/**
 * Clicks the element with the test id `testid`.
 * @param {AppSession} session @param {string} testid
 */
export async function click(session, testid) {
  await session.click(await session.find(`[data-testid="${testid}"]`));
}

/**
 * Goes to the screen `hash` (`#/todo`), as a link would.
 * @param {AppSession} session @param {string} hash
 */
export async function go(session, hash) {
  await session.execute('location.hash = arguments[0]', [hash]);
}

/**
 * Sets a form control the way a person would leave it: value, then input and
 * change events. With `scope` (a test id), the control inside that element.
 * @param {AppSession} session @param {string} testid @param {string} value @param {string} [scope]
 */
export async function set(session, testid, value, scope) {
  await setAt(session, `${scope ? `[data-testid="${scope}"] ` : ''}[data-testid="${testid}"]`, value);
}

/**
 * Sets the form control `css` finds, as `set` does: for the controls that
 * have a label and no test id (a SWOT item, a measurement's value).
 * @param {AppSession} session @param {string} css @param {string} value
 */
export async function setAt(session, css, value) {
  await session.find(css);
  const ok = await session.execute(
    `const el = document.querySelector(arguments[0]);
     if (el.tagName === 'SELECT') {
       const opt = [...el.options].find((o) => o.textContent.trim() === arguments[1] || o.value === arguments[1]);
       if (!opt) return false;
       el.value = opt.value;
     } else {
       el.value = arguments[1];
     }
     el.dispatchEvent(new Event('input', { bubbles: true }));
     el.dispatchEvent(new Event('change', { bubbles: true }));
     return true;`,
    [css, value],
  );
  assert.ok(ok, `${css} has an option "${value}"`);
}

/**
 * Every screen of the sidebar and the pages behind them in the demo practice,
 * with its heading: what the window-memory rounds visit.
 * @type {[string, RegExp][]}
 */
export const SCREENS = [
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

/**
 * @typedef {{ comm: string, pss: number, anon: number, shmem: number }} ProcessMemory
 * @typedef {{ pss: number, own: number, processes: ProcessMemory[] }} WindowMemory
 */

/**
 * Memory of the app and the WebKit processes it started, told from any other
 * on the machine by `marker` (NAME=VALUE) in their environment, in KiB:
 * `pss` is their PSS (which shares pages fairly), and `own` the part of it
 * that is theirs alone to grow, anonymous and shared memory (heaps, the
 * JavaScript heap, the DOM, painted pixels) without the pages of files. A
 * library's pages count in PSS divided among every process on the machine
 * that maps them, so PSS moves when another WebKit program starts or stops;
 * `own` does not.
 * @param {string} marker
 * @returns {WindowMemory}
 */
export function windowMemoryKib(marker) {
  /** @type {ProcessMemory[]} */
  const processes = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      // A name is cut to 15 characters: "WebKitNetworkPr".
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      // tauri-driver and WebKitWebDriver are the test's, not the app's.
      if (!/^(standard-practi|WebKit(Web|Network|GPU)Pr)/.test(comm)) continue;
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (!environ.includes(marker)) continue;
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const field = (/** @type {string} */ name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
      processes.push({ comm, pss: field('Pss'), anon: field('Pss_Anon'), shmem: field('Pss_Shmem') });
    } catch {
      // The process ended while being read.
    }
  }
  assert.ok(
    processes.some((p) => p.comm.startsWith('standard-practi')),
    `the app's process was found (${processes.map((p) => p.comm)})`,
  );
  const sum = (/** @type {(p: ProcessMemory) => number} */ f) => processes.reduce((n, p) => n + f(p), 0);
  return { pss: sum((p) => p.pss), own: sum((p) => p.anon + p.shmem), processes };
}

/** @param {AppSession} session visits every screen once, each until its heading shows and nothing loads */
export async function visitEveryScreen(session) {
  for (const [hash, heading] of SCREENS) {
    await session.execute('location.hash = arguments[0];', [hash]);
    await until(
      session,
      `const h = document.querySelector('.content h1, main h1');
       return location.hash === arguments[0] && h && new RegExp(arguments[1]).test(h.textContent.trim())
         && !document.querySelector('[aria-busy="true"]');`,
      `the screen ${hash}`,
      [hash, heading.source],
    );
  }
}

/**
 * The window's memory as people use it: the release app on a fresh demo
 * practice (with its own temporary data, config and cache folders, as every
 * e2e test), every screen visited `rounds` times, the memory measured after
 * each round once the window has settled for `settleMs`.
 * @param {number} rounds
 * @param {{ settleMs?: number, onRound?: (round: number, memory: WindowMemory) => void }} [options]
 * @returns {Promise<WindowMemory[]>} the memory after each round
 */
export async function windowMemoryRounds(rounds, { settleMs = 3_000, onRound } = {}) {
  const app = appBinary();
  const dir = mkdtempSync(join(tmpdir(), 'sp-window-memory-'));
  // Every process this run starts carries it in its environment: that is how
  // the app and WebKit's helpers are told apart from any other on the machine.
  const markerName = 'SP_MEMORY_RUN';
  const markerValue = randomUUID();
  const marker = `${markerName}=${markerValue}`;
  const driver = await startTauriDriver({
    ...process.env,
    [markerName]: markerValue,
    STANDARD_PRACTICE_DB: join(dir, 'practice.sqlite3'),
  });
  try {
    const session = await AppSession.launch(driver.url, app);
    try {
      await createOwner(session);
      await session.click(await session.find('[data-testid="start-demo"]'));
      await session.find('[data-testid="practice-name"]');
      /** @type {WindowMemory[]} */
      const measured = [];
      for (let round = 1; round <= rounds; round++) {
        await visitEveryScreen(session);
        await new Promise((r) => setTimeout(r, settleMs));
        const memory = windowMemoryKib(marker);
        measured.push(memory);
        onRound?.(round, memory);
      }
      return measured;
    } finally {
      await session.quit();
    }
  } finally {
    await driver.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** @param {number[]} kib after each round @param {number} round @returns {number} the growth from round 1 to `round`, in % */
export const growthPercent = (kib, round) => ((kib[round - 1] - kib[0]) / kib[0]) * 100;
