// An in-memory stand-in for the Rust shell, for UI tests and screenshots. It
// computes no rule the core owns: every answer about the practice is the
// core's, read from `fixtures/practice.json`, which `make types` writes (the
// shell's export_fixtures test, src-tauri/src/fixtures.rs) from practices
// built at a fixed date.
//
// A world (`blank`, `new`, `demo`) is the core's answer to every read the UI
// makes. A change is looked up among the recorded scenarios by its command and
// arguments: the core's answer is returned and the reads it changed take
// effect. A call no fixture covers throws an Error naming it (and the harness
// fails the test file), so a test cannot pass on an answer made up here. A
// step the core made at the kiosk (`kiosk`: its account) is answered only to
// that kiosk session, and a step made in the window never to a kiosk.
//
// What is the shell's and not the core's is kept here: who is signed in, the
// backups and the folder off the computer (file dialogs), printing (the
// printers, and what was sent to them), the native menu's channel, the
// change list (a short hand-made page, so the tests reach "Show older"), and
// the About box's version and notes (and, after an upgrade, what changed).

import { readFileSync } from 'node:fs';

/** @typedef {import('./harness.mjs').Handler} Handler */
/** @typedef {import('../src/lib/bindings.js').Actor} Actor */
/** @typedef {import('../src/lib/bindings.js').ErrorPayload} ErrorPayload */
/** @typedef {import('../src/lib/bindings.js').AuditEntry} AuditEntry */
/** @typedef {import('../src/lib/bindings.js').AuditFilter} AuditFilter */
/** @typedef {import('../src/lib/bindings.js').BackupInfo} BackupInfo */
/** @typedef {import('../src/lib/bindings.js').OffsiteCopies} OffsiteCopies */
/** @typedef {import('../src/lib/bindings.js').AppStatus} AppStatus */
/** @typedef {import('../src/lib/bindings.js').About} About */
/** @typedef {import('../src/lib/bindings.js').WhatChanged} WhatChanged */
/** @typedef {import('../src/lib/bindings.js').Printers} Printers */
/** @typedef {import('../src/lib/bindings.js').PrintRequest} PrintRequest */
/** @typedef {{ ok: unknown } | { err: ErrorPayload }} Answer the core's answer, or its refusal */
/** @typedef {Record<string, Answer>} Reads every read, by `key(cmd, args)` */
/**
 * How the fixtures write a read a step changed only in part
 * (src-tauri/src/fixtures/file.rs): the fields of its `ok` object that
 * changed, the others as they were; or its `ok` list, each row the number of
 * an equal row in the list as it was, or the row itself.
 * @typedef {{ patch: Record<string, unknown> } | { items: (number | object)[] }} Patch
 */
/** @typedef {Record<string, Answer | Patch | null>} Changed the reads a step changed: the new answer, or what changed in it; null: gone */
/** @typedef {{ cmd: string, args: Record<string, unknown>, answer: Answer, reads: Changed, world?: string, kiosk?: number }} Step */
/** @typedef {{ name: string, world: string, steps: Step[] }} Scenario */
/** @typedef {{ session: Actor | null, kiosk: Actor[], reads: Reads }} World */

/**
 * The core's policy, written by `make types`: the permissions each role's
 * session carries.
 * @type {Record<string, import('../src/lib/bindings.js').Permission[]>}
 */
export const POLICY = JSON.parse(readFileSync(new URL('./fixtures/policy.json', import.meta.url), 'utf8'));

/** @type {{ today: string, now: string, worlds: Record<string, World>, scenarios: Scenario[] }} */
const PRACTICE = JSON.parse(readFileSync(new URL('./fixtures/practice.json', import.meta.url), 'utf8'));

/** The date the fixtures were computed at; the harness gives every page this clock. */
export const TODAY = PRACTICE.today;
/** What a timestamp the core took from its clock reads as in the fixtures. */
export const NOW = PRACTICE.now;

/**
 * JSON with object keys sorted, so arguments compare by value.
 * @param {unknown} v
 * @returns {string}
 */
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** @param {string} cmd @param {unknown} args */
const key = (cmd, args) => `${cmd} ${canonical(args ?? {})}`;

/** The Rust side's keys (its own JSON spelling) rewritten as `key` spells them. @template {Reads | Changed} R @param {R} reads @returns {R} */
function rekeyed(reads) {
  const entries = Object.entries(reads).map(([k, v]) => {
    const space = k.indexOf(' ');
    return [key(k.slice(0, space), JSON.parse(k.slice(space + 1))), v];
  });
  return /** @type {R} */ (Object.fromEntries(entries));
}

/** @type {Record<string, World>} */
const WORLDS = Object.fromEntries(Object.entries(PRACTICE.worlds).map(([n, w]) => [n, { session: w.session, kiosk: w.kiosk, reads: rekeyed(w.reads) }]));
const SCENARIOS = PRACTICE.scenarios.map((s) => ({
  ...s,
  steps: s.steps.map((step) => ({ ...step, key: key(step.cmd, step.args), reads: rekeyed(step.reads) })),
}));
/** Every command the shell has, from the generated bindings. */
const COMMANDS = [...readFileSync(new URL('../src/lib/bindings.ts', import.meta.url), 'utf8').matchAll(/__TAURI_INVOKE<[^(]*>\("(\w+)"/g)].map((m) => /** @type {string} */ (m[1]));
/** The commands the fixtures answer as reads. */
const READS = new Set(Object.values(WORLDS).flatMap((w) => Object.keys(w.reads).map((k) => k.slice(0, k.indexOf(' ')))));

/**
 * The answer `was` as a step changed it (`Patch`).
 * @param {Answer | undefined} was @param {Patch} change @param {string} k
 * @returns {Answer}
 */
function patched(was, change, k) {
  if (!was || !('ok' in was)) throw new Error(`the fixtures patch ${k}, which had no answer to patch`);
  if ('patch' in change) return { ok: { .../** @type {object} */ (was.ok), ...change.patch } };
  const rows = /** @type {unknown[]} */ (was.ok);
  return { ok: change.items.map((row) => (typeof row === 'number' ? rows[row] : row)) };
}

/** @param {Answer} a */
function unwrap(a) {
  if ('err' in a) throw a.err;
  return a.ok;
}

/** @param {string} field @param {string} message @returns {never} */
function invalid(field, message) {
  throw /** @type {ErrorPayload} */ ({ code: 'invalid', field, message });
}

/** The version the About box shows. */
export const VERSION = '0.2.0';

/** This version's notes as the changelog might write them (the shell's answer, hand-made). */
export const NOTES = [
  'Version 0.2.0. It installs like a desktop program: a `.deb` and an `.rpm`.',
  '',
  'Data that could be lost, now kept:',
  '',
  '- **No command writes over the practice:** `print` and `export` refuse the',
  '  open database.',
  '- Backups are named after their database file.',
].join('\n');

/** The printers the fake computer has: CUPS names (no spaces), one the default. */
export const PRINTERS = { names: ['Front_Desk', 'Back_Office_Laser'], default: 'Front_Desk' };

/**
 * @param {{ setUp?: boolean, signedIn?: boolean, kiosk?: string, dbPath?: string, whatChanged?: WhatChanged, printers?: Printers | ErrorPayload }} [options]
 *   setUp false: first run (the welcome screen, world `new`); signedIn false:
 *   start at the lock screen (world `blank`, with no owner yet, if not set up);
 *   kiosk: start at the kiosk, signed in as this person (the demo's kiosk
 *   session the core made); whatChanged: the first start after an upgrade
 *   (`app_status` says what changed); printers: what `printers_list` answers,
 *   or its refusal (no printing system).
 */
export function createFakeBackend({ setUp = true, signedIn = true, kiosk, dbPath = '/home/zoë/Standard Practice/standard-practice.sqlite3', whatChanged, printers = PRINTERS } = {}) {
  const name = setUp ? 'demo' : signedIn ? 'new' : 'blank';
  const world = /** @type {World} */ (WORLDS[name]);
  const atKiosk = kiosk === undefined ? null : world.kiosk.find((a) => a.name === kiosk);
  if (atKiosk === undefined) throw new Error(`no kiosk session for ${kiosk} in world ${name}: see Practice::demo in src-tauri/src/fixtures.rs`);
  const state = {
    world: name,
    /** @type {Reads} the core's answers as they stand */
    reads: { ...world.reads },
    /** @type {Actor | null} who is signed in (the shell's to know) */
    session: atKiosk ?? (signedIn ? world.session : null),
    /** @type {{ scenario: string, next: number } | null} the scenario the changes so far belong to */
    replaying: /** @type {{ scenario: string, next: number } | null} */ (null),
    /** @type {BackupInfo[]} */
    backups: [],
    /** @type {{ folder: string | null, lastCopyAt: string | null }} the folder for copies off the computer */
    offsite: { folder: null, lastCopyAt: null },
    /** @type {{ channel: string, sent: number } | null} the channel the window gave `menu_listen`, and how many choices went through it */
    menu: /** @type {{ channel: string, sent: number } | null} */ (null),
    /** @type {{ request: PrintRequest, printer: string, copies: number }[]} what was sent to a printer */
    printed: [],
  };

  /**
   * The core's answer to a read, as things stand.
   * @param {string} cmd @param {Record<string, unknown>} [args]
   */
  const answerTo = (cmd, args = {}) => {
    const a = state.reads[key(cmd, args)];
    if (!a) throw new Error(`no fixture answers ${key(cmd, args)} in world ${state.world}: add the read to src-tauri/src/fixtures.rs`);
    return a;
  };

  /**
   * A change: the next step of the scenario under way, or the first of one
   * starting from this world.
   * @param {string} cmd @param {Record<string, unknown>} args
   */
  const change = (cmd, args) => {
    const k = key(cmd, args);
    const under = state.replaying && SCENARIOS.find((s) => s.name === state.replaying?.scenario);
    const found = under
      ? under.steps[state.replaying?.next ?? 0]?.key === k && { scenario: under, next: state.replaying?.next ?? 0 }
      : (() => {
          const s = SCENARIOS.find((x) => x.world === state.world && x.steps[0]?.key === k);
          return s && { scenario: s, next: 0 };
        })();
    if (!found) {
      const after = under ? ` after step ${state.replaying?.next} of "${under.name}"` : ` from world ${state.world}`;
      throw new Error(`no scenario covers ${k}${after}: add it to scenarios() in src-tauri/src/fixtures.rs`);
    }
    const step = /** @type {(typeof found.scenario.steps)[number]} */ (found.scenario.steps[found.next]);
    // Made at the kiosk by one person, the core's answer is that person's; made in the window, nobody's at a kiosk.
    const kioskNow = state.session?.role === 'staff' ? state.session.account : null;
    if ((step.kiosk ?? null) !== kioskNow) {
      const by = (/** @type {number | undefined} */ n) => (n == null ? 'the window' : `the kiosk of account ${n}`);
      throw new Error(`step ${found.next} of "${found.scenario.name}" was made at ${by(step.kiosk)}, but ${k} came from ${by(kioskNow ?? undefined)}`);
    }
    state.replaying = { scenario: found.scenario.name, next: found.next + 1 };
    const base = step.world ? /** @type {World} */ (WORLDS[step.world]).reads : state.reads;
    const reads = { ...base };
    // A read the step took away (a deleted person's page) is no longer answered.
    for (const [k, v] of Object.entries(step.reads)) {
      if (v === null) delete reads[k];
      else if ('patch' in v || 'items' in v) reads[k] = patched(reads[k], v, k);
      else reads[k] = v;
    }
    state.reads = reads;
    if (step.world) state.world = step.world;
    return step.answer;
  };

  const signedOut = () => {
    throw /** @type {ErrorPayload} */ ({ code: 'signed_out', message: 'Sign in first' });
  };
  const actor = () => state.session ?? signedOut();

  /** @returns {OffsiteCopies} */
  const offsiteOut = () => ({
    status: { folder: state.offsite.folder, lastCopyAt: state.offsite.lastCopyAt, sameDisk: false },
    copies: state.offsite.lastCopyAt
      ? [{ path: `${state.offsite.folder}/standard-practice-copy.sqlite3`, takenAt: state.offsite.lastCopyAt, reason: { kind: 'manual' }, size: 524288 }]
      : [],
  });

  /** The shell's own commands: the session, files and dialogs. @type {Record<string, Handler>} */
  const shell = {
    app_status: () =>
      /** @type {AppStatus} */ ({ dbPath, newPractice: false, .../** @type {object} */ (unwrap(answerTo('app_status'))), ...(whatChanged && { whatChanged }) }),
    app_about: () => /** @type {About} */ ({ version: VERSION, notes: { version: VERSION, notes: NOTES }, dbPath }),
    session_get: () => state.session,
    session_touch: () => (actor(), null),
    sign_out: () => {
      state.session = null;
      return null;
    },
    kiosk_page: () => unwrap(answerTo('kiosk_page', { account: actor().account })),
    // The kiosk's own to-do list, recorded per kiosk session like its page.
    todo_mine: () => unwrap(answerTo('todo_mine', { account: actor().account })),
    audit_for_record: () => (actor(), []),
    audit_list: ({ filter }) => {
      actor();
      const f = /** @type {AuditFilter} */ (filter);
      const rows = AUDIT.filter(
        (e) =>
          (f.entity === null || e.entity === f.entity) &&
          (f.person === null || e.person === f.person || (e.entity === 'staff' && e.entityId === f.person)) &&
          (f.before === null || e.id < f.before),
      );
      return { entries: rows.slice(0, 3), more: rows.length > 3 };
    },
    backups_list: () => (actor(), [...state.backups]),
    backup_now: () => {
      actor();
      /** @type {BackupInfo} */
      const b = { path: `/backups/standard-practice-${state.backups.length}-manual.sqlite3`, takenAt: NOW, reason: { kind: 'manual' }, size: 524288 };
      state.backups.unshift(b);
      return b;
    },
    offsite_get: () => (actor(), offsiteOut()),
    offsite_choose: () => {
      actor();
      state.offsite = { folder: '/media/usb', lastCopyAt: null };
      return offsiteOut();
    },
    offsite_stop: () => {
      actor();
      state.offsite = { folder: null, lastCopyAt: null };
      return offsiteOut();
    },
    offsite_copy_now: () => {
      actor();
      if (!state.offsite.folder) invalid('folder', 'Choose a folder off this computer first');
      state.offsite.lastCopyAt = NOW;
      return offsiteOut();
    },
    print_save: () => ({ path: '/home/zoë/Documents/review.pdf', warnings: [] }),
    print_open: () => ({ path: '/tmp/standard-practice/review.pdf', warnings: [] }),
    print_cancel: () => null,
    menu_listen: ({ onChoice }) => {
      state.menu = { channel: String(onChoice), sent: 0 };
      return null;
    },
    printers_list: () => {
      actor();
      if ('code' in printers) throw printers;
      return printers;
    },
    // The core checks the printer and the copies (a test that wants a
    // refusal overrides this); the spooler prints to its default when none is named.
    print_send: ({ request, printer, copies }) => {
      actor();
      if ('code' in printers) throw printers;
      const to = /** @type {string | null} */ (printer) ?? printers.default;
      if (to === null) throw new Error('print_send with no printer on a computer with no default: override print_send with the refusal');
      state.printed.push({ request: /** @type {PrintRequest} */ (request), printer: to, copies: /** @type {number} */ (copies) });
      return { printer: to, job: `${to}-${state.printed.length + 40}`, warnings: [] };
    },
  };

  /** @param {string} cmd @returns {Handler} the core's recorded answer to `cmd` */
  const recorded = (cmd) => (args) => {
    if (READS.has(cmd)) return unwrap(answerTo(cmd, args));
    const ok = unwrap(change(cmd, args));
    // Creating the owner and signing in start a session, as the shell does.
    if (cmd === 'owner_create' || cmd === 'sign_in') state.session = /** @type {Actor} */ (ok);
    return ok;
  };
  /** @type {Record<string, Handler>} */
  const handlers = {
    ...Object.fromEntries(COMMANDS.map((cmd) => [cmd, recorded(cmd)])),
    ...shell,
  };

  /**
   * The core's answer to a read as things stand, for a test to compare with.
   * @template T
   * @param {string} cmd @param {Record<string, unknown>} [args]
   * @returns {T}
   */
  const read = (cmd, args = {}) => /** @type {T} */ (unwrap(answerTo(cmd, args)));

  return { handlers, state, read };
}

/**
 * The change list, newest first: hand-made (it is the shell's record of who
 * did what, not a rule), small pages so the UI tests reach "Show older".
 * @type {AuditEntry[]}
 */
const AUDIT = [
  { id: 6, at: '2026-11-20T15:02:11Z', actor: 'Dr. Ana Patel', actorRole: 'owner', entity: 'practice', entityId: 1, person: null, action: 'updated', summary: 'Practice settings updated', changes: [{ field: 'dueSoonDays', before: '30', after: '45' }] },
  { id: 5, at: '2026-11-19T10:00:00Z', actor: 'Dr. Ana Patel', actorRole: 'owner', entity: 'account', entityId: 2, person: null, action: 'created', summary: 'Account created: Pat Manager', changes: [] },
  { id: 4, at: '2026-11-18T09:30:00Z', actor: 'Pat Manager', actorRole: 'manager', entity: 'course', entityId: 3, person: null, action: 'updated', summary: 'Course updated: Patient privacy (HIPAA)', changes: [{ field: 'validityMonths', before: '12', after: '24' }] },
  { id: 3, at: '2026-11-17T08:00:00Z', actor: 'Pat Manager', actorRole: 'manager', entity: 'staff', entityId: 10, person: 10, action: 'updated', summary: 'Staff record updated: 佐藤 健', changes: [{ field: 'phone', before: '', after: '555-0100' }] },
  { id: 2, at: '2026-11-16T08:00:00Z', actor: 'Dr. Ana Patel', actorRole: 'owner', entity: 'job_role', entityId: 1, person: null, action: 'updated', summary: 'Job role updated: Receptionist', changes: [] },
  { id: 1, at: '2026-11-15T08:00:00Z', actor: 'Dr. Ana Patel', actorRole: 'owner', entity: 'template', entityId: 1, person: null, action: 'created', summary: 'Template created: Annual review', changes: [] },
];
