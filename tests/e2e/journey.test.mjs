// End to end, the main journey of the foundation issue, in the real release
// binary under Xvfb: first run offers the demo; add a person; their required
// training is "never done"; log a course for them (approved by the office) and
// another as the person themself at the kiosk (pending), approve it; the
// statuses change;
// write a service standard and have the person acknowledge it;
// close the app, open it again, and everything is still there.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, appBinary, createOwner, set, signInAsOwner, startTauriDriver, until } from './webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-journey-'));
const dbPath = join(dir, 'journey.sqlite3');
const NAME = 'Łukasz Żółć-Testowy';
const CPR = 'CPR and Basic Life Support';
const PHONE = 'Telephone courtesy';
const PIN = '4321';
const STATEMENT = 'Answer a colleague\'s request for a patient file within two business days.';

/** @type {Awaited<ReturnType<typeof startTauriDriver>>} */
let driver;

before(async () => {
  driver = await startTauriDriver({ ...process.env, STANDARD_PRACTICE_DB: dbPath });
});

after(async () => {
  await driver?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Clicks the element matching `css` once it exists. @param {AppSession} session @param {string} css */
async function click(session, css) {
  await session.click(await session.find(css));
}

/** The due state shown for `course` on the open staff page. @param {AppSession} session @param {string} course */
function dueState(session, course) {
  return session.execute(
    `const row = [...document.querySelectorAll('[data-testid="due-row"]')]
       .find((r) => r.cells[0].textContent.trim() === arguments[0]);
     return row ? row.dataset.state : null;`,
    [course],
  );
}

/** @param {AppSession} session @param {string} course @param {string} state */
async function waitForState(session, course, state) {
  await until(
    session,
    `const row = [...document.querySelectorAll('[data-testid="due-row"]')]
       .find((r) => r.cells[0].textContent.trim() === arguments[0]);
     return row && row.dataset.state === arguments[1];`,
    `${course} to be ${state}`,
    [course, state],
  );
}

test('add a person, log and approve training, see the status change, and find it all after a restart', async () => {
  let session = await AppSession.launch(driver.url, app);
  let personHash;
  try {
    // First run: the owner's account, then the welcome screen offers the demo practice.
    await createOwner(session);
    await click(session, '[data-testid="start-demo"]');
    await click(session, '[data-testid="nav-staff"]');
    await session.find('[data-testid="staff-count"]');

    // Add a person.
    await click(session, '[data-testid="add-person"]');
    await set(session, 'field-name', NAME);
    await set(session, 'field-roleId', 'Receptionist');
    await set(session, 'field-hireDate', '2024-01-15');
    await click(session, '[data-testid="save"]');
    await session.find('[data-testid="due-row"]');
    personHash = await session.execute('return location.hash');
    assert.match(personHash, /^#\/staff\/\d+$/, 'saving opens the person');
    assert.equal(await dueState(session, CPR), 'never_done');
    assert.equal(await dueState(session, PHONE), 'never_done');

    // The office logs CPR: approved at once, so it is current.
    await click(session, '[data-testid="log-for-person"]');
    await set(session, 'field-courseId', CPR);
    await click(session, '[data-testid="save"]');
    await click(session, '[data-testid="open-person"]');
    await waitForState(session, CPR, 'current');

    // The person logs telephone courtesy themself, at the kiosk with their PIN: pending.
    await click(session, '[data-testid="set-pin"]');
    await session.type(await session.find('dialog[open] [data-testid="field-pin"]'), PIN);
    await click(session, 'dialog[open] [data-testid="save-pin"]');
    // The PIN is saved when its dialog closes (a notice may still be showing
    // from the training just logged, so it proves nothing).
    await until(
      session,
      `return document.querySelector('dialog[open]') === null
         && (document.querySelector('[data-testid="notice"]')?.textContent ?? '').includes('Kiosk PIN set');`,
      'the PIN saved and its dialog closed',
    );
    await click(session, '[data-testid="lock"]');
    await session.find('[data-testid="lock-screen"]');
    await until(
      session,
      `const b = [...document.querySelectorAll('[data-testid^="kiosk-"]')].find((x) => x.textContent.trim() === arguments[0]);
       if (b) { b.click(); return true; } return false;`,
      'the person at the kiosk',
      [NAME],
    );
    await session.type(await session.find('[data-testid="field-secret"]'), PIN);
    await click(session, '[data-testid="sign-in"]');
    await session.find('[data-testid="kiosk-log"]');
    await set(session, 'field-courseId', PHONE);
    await click(session, '[data-testid="kiosk-log-save"]');
    await session.find('[data-testid="kiosk-notice"]');
    await click(session, '[data-testid="kiosk-done"]');
    await signInAsOwner(session);
    await session.find('[data-testid="nav-staff"]');
    await session.execute('location.hash = arguments[0]', [personHash]);
    await session.find('[data-testid="due-row"]');
    await waitForState(session, CPR, 'current');
    assert.equal(await dueState(session, PHONE), 'never_done', 'pending training does not count yet');

    // A manager approves it.
    await click(session, '[data-testid="nav-pending"]');
    await until(
      session,
      `return [...document.querySelectorAll('[data-testid="pending-row"]')].some((r) => r.textContent.includes(arguments[0]));`,
      'the pending row',
      [NAME],
    );
    await session.execute(
      `const row = [...document.querySelectorAll('[data-testid="pending-row"]')].find((r) => r.textContent.includes(arguments[0]));
       row.querySelector('[data-testid="pending-check"]').click();`,
      [NAME],
    );
    await click(session, '[data-testid="approve-selected"]');
    await until(
      session,
      `return ![...document.querySelectorAll('[data-testid="pending-row"]')].some((r) => r.textContent.includes(arguments[0]));`,
      'the approved row to leave the pending list',
      [NAME],
    );
    await session.execute('location.hash = arguments[0]', [personHash]);
    await waitForState(session, PHONE, 'current');

    // Write a service standard for everyone; the new person has not acknowledged it.
    await click(session, '[data-testid="nav-standards"]');
    await click(session, '[data-testid="add-standard"]');
    await click(session, 'input[name="audience"][value="internal"]');
    await set(session, 'field-channel', 'internal_request');
    await set(session, 'field-statement', STATEMENT);
    await set(session, 'field-targetValue', '2');
    await set(session, 'field-targetUnit', 'business_days');
    const today = await session.execute(
      'const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, "0")).join("-");',
    );
    await set(session, 'field-effectiveDate', String(today));
    await click(session, '[data-testid="save"]');
    await session.find('[data-testid="not-acknowledged"]');
    assert.equal(await session.text(await session.find('[data-testid="standard-statement"]')), STATEMENT);

    // They acknowledge it; they move to the acknowledged list.
    await session.execute(
      `const row = [...document.querySelectorAll('[data-testid="not-acknowledged"] tr')].find((r) => r.textContent.includes(arguments[0]));
       row.querySelector('[data-testid="acknowledge"]').click();`,
      [NAME],
    );
    await click(session, 'dialog[open] [data-testid="save"]');
    await until(
      session,
      `const t = document.querySelector('[data-testid="acknowledged"]');
       return t && t.textContent.includes(arguments[0]);`,
      'the acknowledgment to be listed',
      [NAME],
    );
  } finally {
    await session.quit();
  }

  // Close and reopen: no welcome screen, and the person and their training are there.
  session = await AppSession.launch(driver.url, app);
  try {
    await signInAsOwner(session);
    await session.find('[data-testid="nav-staff"]').catch(async (e) => {
      const shown = await session.execute('return location.hash + " | " + document.body.innerText');
      throw new Error(`${e.message}; the window shows: ${shown}`);
    });
    assert.equal(
      await session.execute('return document.querySelector(\'[data-testid="start-demo"]\') === null'),
      true,
      'the welcome screen is only for the first run',
    );
    await click(session, '[data-testid="nav-staff"]');
    const search = await session.find('[data-testid="staff-search"]');
    await session.type(search, 'zolc-test');
    await until(
      session,
      `const links = [...document.querySelectorAll('a')].filter((a) => a.textContent.trim() === arguments[0]);
       if (links.length === 1) { links[0].click(); return true; } return false;`,
      'the person in the search results',
      [NAME],
    );
    await session.find('[data-testid="due-row"]');
    await waitForState(session, CPR, 'current');
    await waitForState(session, PHONE, 'current');
  } finally {
    await session.quit();
  }
});
