// The user guide's screenshots, made by walking the demo practice through
// what docs/user-guide.md describes, as each kind of user: the owner adds
// the office manager's account; the office manager finds, adds and opens
// people, approves training, works the to-do list and takes a backup; the
// owner scores a review, prints the year's batch and reads the practice's
// year; a member of staff signs in at the kiosk. At each step the guide
// shows, the window is saved as the PNG the guide names, after checking that
// what the guide says is on screen is there (its headings and the buttons it
// names). Last, the images the guide references must be exactly the ones
// the walk made: a screen the guide stops showing, or a picture nobody
// makes, fails here instead of going stale.
//
// With `GUIDE_SHOTS` set (`make guide`: docs/user-guide), the PNGs go there;
// otherwise into a temporary folder, removed afterwards.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppSession, OWNER, REPO, appBinary, click, createOwner, go, set, setAt, startTauriDriver, until } from './webdriver.mjs';

const app = appBinary();
const GUIDE = join(REPO, 'docs/user-guide.md');
const dir = mkdtempSync(join(tmpdir(), 'sp-guide-'));
const shots = process.env.GUIDE_SHOTS ? resolve(process.env.GUIDE_SHOTS) : join(dir, 'shots');

/** The office manager the owner adds: the demo's office manager, who also has a kiosk PIN. */
const MANAGER = { name: "Margaret O'Neill", passphrase: 'front office passphrase' };
/** The person the office manager adds. */
const NEW_PERSON = 'Chiara Rossi';
/** The demo's hygienist, whose licence is due for renewal; at the kiosk, the staff member. */
const WANG = '王芳';
/** Whose draft the owner scores. */
const REVIEWED = 'Łukasz Żółć';
const PIN = '1234';

/** @type {Awaited<ReturnType<typeof startTauriDriver>>} */
let driver;
before(async () => {
  mkdirSync(shots, { recursive: true });
  driver = await startTauriDriver({ ...process.env, STANDARD_PRACTICE_DB: join(dir, 'practice.sqlite3') });
});
after(async () => {
  await driver?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** @returns {Set<string>} the images docs/user-guide.md shows, by file name */
function referenced() {
  const text = readFileSync(GUIDE, 'utf8');
  const targets = [...text.matchAll(/!\[[^\]]*\]\(([^)]*)\)/g)].map((m) => m[1]);
  // The app builds in docs/user-guide/*.png only: any other picture would not show.
  const elsewhere = targets.filter((t) => !/^user-guide\/[\w-]+\.png$/.test(t));
  assert.deepEqual(elsewhere, [], 'every picture in the guide is user-guide/NAME.png');
  return new Set(targets.map((t) => t.slice('user-guide/'.length)));
}

/** The images this walk made. @type {Set<string>} */
const made = new Set();

/**
 * Waits until the screen has settled (nothing loading, no notice in the way,
 * the fonts ready), then saves the window as `name` in the shots folder.
 * @param {AppSession} s @param {string} name
 */
async function picture(s, name) {
  await until(
    s,
    `return !document.querySelector('[aria-busy="true"]') && !document.querySelector('[data-testid="notice"]')
       && document.fonts.status === 'loaded';`,
    `the screen settled for ${name}`,
    [],
    20_000,
  );
  // The focus ring a screen change leaves on its heading is not part of the page.
  await s.execute(`if (document.activeElement instanceof HTMLElement && document.activeElement.matches('h1')) document.activeElement.blur();`);
  // WebKitWebDriver's screenshot waits for the page to paint, and a page
  // idle for a few seconds (here, after a notice has gone) does not: the
  // request hung for its full minute. So, while it is taken, the page is
  // repainted every 200 ms by setting its opacity to 0.999 and back, which no
  // pixel shows.
  await s.execute(
    `window.__guidePaint = setInterval(() => {
       const st = document.documentElement.style;
       st.opacity = st.opacity ? '' : '0.999';
     }, 200);`,
  );
  try {
    writeFileSync(join(shots, name), await s.screenshot());
  } finally {
    await s.execute(`clearInterval(window.__guidePaint); document.documentElement.style.opacity = '';`);
  }
  made.add(name);
}

/**
 * Asserts that each of `texts` is visible in the window (headings, labels,
 * buttons the guide names), waiting for the screen to draw them.
 * @param {AppSession} s @param {string[]} texts @param {string} where
 */
async function sees(s, texts, where) {
  const missing = await until(
    s,
    `const body = document.body.innerText;
     const gone = arguments[0].filter((t) => !body.includes(t));
     return gone.length === 0 ? 'none' : null;`,
    `${where}: ${texts.join(', ')}`,
    [texts],
  ).catch(async () => {
    const body = String(await s.execute('return document.body.innerText'));
    return texts.filter((t) => !body.includes(t)).join(', ');
  });
  assert.equal(missing, 'none', `${where} shows what the guide names`);
}

/**
 * Waits for the screen `hash` with its main heading matching `heading`.
 * @param {AppSession} s @param {string} hash @param {RegExp} heading
 */
async function screen(s, hash, heading) {
  await go(s, hash);
  await until(
    s,
    `const h = document.querySelector('.content h1, main h1');
     return location.hash === arguments[0] && h && new RegExp(arguments[1]).test(h.textContent.trim())
       && !document.querySelector('[aria-busy="true"]');`,
    `the screen ${hash}`,
    [hash, heading.source],
  );
}

/** Scrolls the heading `text` (an h2) to the top of the page. @param {AppSession} s @param {string} text */
async function scrollTo(s, text) {
  await until(
    s,
    `const h = [...document.querySelectorAll('h2')].find((x) => x.textContent.trim() === arguments[0]);
     if (!h) return false;
     h.scrollIntoView({ block: 'start' });
     return true;`,
    `the heading ${text}`,
    [text],
  );
}

/**
 * At the lock screen, picks `name` in the list `kind` and types `secret`.
 * @param {AppSession} s @param {'account' | 'kiosk'} kind @param {string} name @param {string} secret
 */
async function choose(s, kind, name, secret) {
  await s.find('[data-testid="lock-screen"]');
  await until(
    s,
    `const b = [...document.querySelectorAll('[data-testid^="' + arguments[0] + '-"]')]
       .find((x) => x.tagName === 'BUTTON' && x.firstChild?.textContent.trim() === arguments[1]);
     if (b) b.click();
     return !!b;`,
    `${name} on the lock screen`,
    [kind, name],
  );
  await s.type(await s.find('[data-testid="field-secret"]'), secret);
}

/** @param {AppSession} s @param {'account' | 'kiosk'} kind @param {string} name @param {string} secret */
async function signIn(s, kind, name, secret) {
  await choose(s, kind, name, secret);
  await click(s, 'sign-in');
}

/** @param {AppSession} s */
async function lock(s) {
  await click(s, 'lock');
  await s.find('[data-testid="lock-screen"]');
}

test('the user guide, walked in the demo practice: every picture it shows, and only those', async () => {
  const started = performance.now();
  const s = await AppSession.launch(driver.url, app);
  try {
    // The window opens at tauri.conf.json's 1200×800 (each run has a config
    // folder of its own, so no remembered size): legible shots. Resizing it
    // through WebDriver hangs under a bare Xvfb, with no window manager to
    // answer, so the size is checked instead of set.
    const { width, height } = await s.rect();
    assert.ok(width >= 1100 && height >= 700, `the window is large enough for legible shots (${width}×${height})`);
    await createOwner(s);
    await click(s, 'start-demo');
    await s.find('[data-testid="practice-name"]');

    // The owner adds the office manager's account (Owner → Accounts and roles).
    await screen(s, '#/settings', /^Settings$/);
    await s.find('[data-testid="manager-form"]');
    await setAt(s, '[data-testid="manager-form"] select', 'None: they are not on the staff');
    await set(s, 'field-name', MANAGER.name, 'manager-form');
    await set(s, 'field-passphrase', MANAGER.passphrase, 'manager-form');
    await set(s, 'field-confirm', MANAGER.passphrase, 'manager-form');
    await click(s, 'add-manager');
    await until(
      s,
      `return [...document.querySelectorAll('[data-testid="account-row"]')].some((r) => r.textContent.includes(arguments[0]) && r.textContent.includes('manager'));`,
      'the manager among the accounts',
      [MANAGER.name],
    );
    await scrollTo(s, 'Accounts');
    await sees(
      s,
      ['Accounts', 'Kiosk PIN', 'Switch off', 'Add a manager', 'Add manager', 'My passphrase', 'Reminders', 'Recovery key', 'Save the recovery key as PDF…', 'Choose a folder…'],
      'Settings, as the owner',
    );
    await picture(s, 'accounts.png');

    // The office manager signs in with her passphrase.
    await lock(s);
    await sees(s, ['Locked', 'Owner and managers', 'Staff kiosk'], 'the lock screen');
    await signIn(s, 'account', MANAGER.name, MANAGER.passphrase);
    await until(s, `return document.querySelector('[data-testid="signed-in-as"]')?.textContent.includes(arguments[0])`, 'signed in as the manager', [MANAGER.name]);

    // Staff: the list, and a person added.
    await screen(s, '#/staff', /^Staff$/);
    await until(s, `return document.querySelectorAll('[data-testid="staff-row"]').length >= 10`, 'the demo staff listed');
    await sees(s, ['Add person', 'Search', 'Status', 'Job role', 'Overview', 'To do', 'Log training', 'Pending approvals', 'Lock'], 'the Staff list');
    await picture(s, 'staff-list.png');

    await click(s, 'add-person');
    await s.find('[data-testid="staff-form"]');
    await sees(s, ['Add person', 'Full name', 'Job role', 'Hire date', 'Manager', 'Department', 'Email', 'Phone', 'Cancel'], 'the Add person form');
    assert.equal((await s.text(await s.find('[data-testid="staff-form"] [data-testid="save"]'))).trim(), 'Add person', 'the form is saved with Add person');
    const hired = String(await s.execute(`const d = new Date(); d.setDate(d.getDate() - 3); return d.toISOString().slice(0, 10);`));
    await set(s, 'field-name', NEW_PERSON, 'staff-form');
    await set(s, 'field-roleId', 'Receptionist', 'staff-form');
    await set(s, 'field-department', 'Front office', 'staff-form');
    await set(s, 'field-managerId', "Margaret O'Neill", 'staff-form');
    await set(s, 'field-hireDate', hired, 'staff-form');
    await set(s, 'field-email', 'chiara.rossi@example.org', 'staff-form');
    await picture(s, 'add-person.png');
    await click(s, 'save');
    await until(s, `return document.querySelector('[data-testid="person-name"]')?.textContent.trim() === arguments[0]`, 'the new person’s page', [NEW_PERSON]);

    // A person's page: 王芳's, with her required training and licences.
    await screen(s, '#/staff', /^Staff$/);
    await until(
      s,
      `const a = [...document.querySelectorAll('[data-testid="staff-row"] a')].find((x) => x.textContent.trim() === arguments[0]);
       if (a) a.click();
       return !!a;`,
      `${WANG} in the Staff list`,
      [WANG],
    );
    await s.find('[data-testid="due-row"]');
    await s.find('[data-testid="licence-row"]');
    await sees(
      s,
      ['Profile', 'Required training', 'Licences and certifications', 'Training history', 'Log training for this person', 'Edit', 'Kiosk PIN…', 'Print transcript…', 'Save transcript…', 'Renew…'],
      'a person’s page',
    );
    await picture(s, 'person-page.png');

    // Pending approvals: what staff logged at the kiosk.
    await screen(s, '#/pending', /^Pending approvals$/);
    await until(s, `return document.querySelectorAll('[data-testid="pending-row"]').length > 0`, 'training waiting for approval');
    await s.execute(`document.querySelector('[data-testid="pending-check"]').click();`);
    await sees(s, ['Approve selected (1)', 'Reject…', 'Licences and certifications'], 'Pending approvals');
    await picture(s, 'pending-approvals.png');

    // The to-do list.
    await screen(s, '#/todo', /^To do$/);
    await until(s, `return document.querySelectorAll('[data-testid="todo-item"]').length > 0`, 'the to-do list');
    await sees(s, ['Kind', 'Open', 'Print ‘To do this month’…', 'Save ‘To do this month’…', 'Settings → Reminders'], 'the to-do list');
    await picture(s, 'todo.png');

    // Log training: the form the guide walks through (no picture).
    await screen(s, '#/log', /^Log training$/);
    await s.find('[data-testid="log-form"]');
    await sees(s, ['Person', 'Course', 'Completed on', 'Provider', 'Log training'], 'the Log training form');

    // Settings → Backups: a backup taken now.
    await screen(s, '#/settings', /^Settings$/);
    await click(s, 'backup-now');
    await until(s, `return document.querySelectorAll('[data-testid="backups"] tbody tr').length > 0`, 'the backup listed');
    await scrollTo(s, 'Backups');
    await sees(s, ['Backups', 'Back up now', 'Save a backup as…', 'Copies off this computer'], 'Settings, Backups');
    assert.equal(await s.execute(`return document.querySelector('[data-testid="offsite-choose"]')`), null, 'choosing the folder off the computer is the owner’s');
    await picture(s, 'backups.png');

    // The owner: a draft scored, the year's batch, the practice's year.
    await lock(s);
    await signIn(s, 'account', OWNER.name, OWNER.passphrase);
    await until(s, `return document.querySelector('[data-testid="signed-in-as"]')?.textContent.includes(arguments[0])`, 'signed in as the owner', [OWNER.name]);
    await screen(s, '#/evaluations', /^Evaluations$/);
    await until(
      s,
      `const row = [...document.querySelectorAll('[data-testid="evaluation-row"]')]
         .find((r) => r.textContent.includes(arguments[0]) && r.textContent.includes('Draft'));
       if (row) row.querySelector('a').click();
       return !!row;`,
      `${REVIEWED}'s draft`,
      [REVIEWED],
    );
    await s.find('[data-testid="scores"]');
    const criteria = Number(await s.execute(`return document.querySelectorAll('[data-testid="criterion"]').length`));
    assert.ok(criteria >= 4, `the draft has criteria to rate (${criteria})`);
    for (let i = 0; i < criteria; i++) {
      const rating = i % 3 === 0 ? 5 : 4;
      await click(s, `rate-${i}-${rating}`);
      await until(
        s,
        `return document.querySelector('[data-testid="rate-' + arguments[0] + '-' + arguments[1] + '"]').checked
           && !document.querySelector('[data-testid="save"]').disabled`,
        `criterion ${i} saved`,
        [i, rating],
      );
    }
    const cs = await until(s, `const t = document.querySelector('[data-testid="score-cs"]').textContent.trim(); return t !== '—' && t;`, 'the customer service score');
    assert.match(String(cs), /^\d\.\d \(\d+\.\d%\)$/, 'on the scale and as a percentage, one decimal');
    await s.execute(`document.querySelector('.content').scrollTo({ top: 0 });`);
    await sees(
      s,
      ['Customer service', 'Overall', 'N/A', 'Overall summary', 'Strengths', 'Areas to improve', 'Goals for the next period', 'Training plan', 'Pay or reward recommendation', 'Finalize…', 'Save'],
      'an evaluation',
    );
    await picture(s, 'evaluation.png');

    await screen(s, '#/evaluations', /^Evaluations$/);
    await until(s, `return document.querySelectorAll('[data-testid="evaluation-row"]').length > 0`, 'this year’s reviews');
    const year = new Date().getFullYear();
    await sees(s, [`Print the ${year} reviews`, 'One PDF…', 'One file per person…', 'Double-sided', 'Start annual round…'], 'Evaluations');
    await picture(s, 'annual-batch.png');

    const lastYear = year - 1;
    await screen(s, `#/year?year=${lastYear}`, /^The practice's year$/);
    await until(s, `return document.querySelectorAll('[data-testid="by-year-row"]').length > 0 && document.querySelectorAll('figure canvas').length >= 4`, 'the year’s tables and charts');
    await sees(s, ['Training compliance', 'Scores by year', 'Print the year…'], "The practice's year");
    await picture(s, 'year-view.png');

    // Staff at the kiosk: 王芳 with her PIN.
    await lock(s);
    await choose(s, 'kiosk', WANG, PIN);
    await sees(s, ['Staff kiosk', `${WANG}'s PIN`, 'Sign in'], 'the kiosk sign-in');
    assert.equal(await s.execute(`return document.querySelector('[data-testid="kiosk-find"]')?.placeholder`), 'Type your name', 'the box to find a name');
    await picture(s, 'kiosk-sign-in.png');
    await click(s, 'sign-in');
    await until(s, `return document.querySelector('[data-testid="kiosk-name"]')?.textContent.trim() === arguments[0]`, 'her kiosk page', [WANG]);
    await s.find('[data-testid="licence-ce-words"]');
    await sees(
      s,
      ['Done — lock', 'My to-do', 'My required training', 'Log training I completed', 'Log it', 'My licences and certifications', 'Service standards to acknowledge', 'My evaluations', 'My training history', 'Record a licence or renewal', 'Say thank you', 'Make a suggestion'],
      'the kiosk',
    );
    await picture(s, 'kiosk.png');
  } finally {
    await s.quit();
  }
  console.log(`guide-walk-ms: ${Math.round(performance.now() - started)}`);

  // The guide and the walk agree: no picture the walk does not make, none made that the guide does not show.
  const wanted = referenced();
  assert.deepEqual([...made].sort(), [...wanted].sort(), 'docs/user-guide.md shows exactly the pictures this walk makes');
  if (process.env.GUIDE_SHOTS) {
    const stale = readdirSync(shots).filter((f) => f.endsWith('.png') && !made.has(f));
    assert.deepEqual(stale, [], `${shots} holds only the guide's pictures: delete the others`);
  }
});
