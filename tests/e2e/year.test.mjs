// End to end, the practice's year in the real window: after the demo, the
// owner finds on the to-do list that 王芳's hygienist licence is due for
// renewal, opens it, renews it on her page, and the item is gone from the
// list; the owner's view of the year shows the practice's scores; at the
// kiosk 王芳 sees her continuing-education progress.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppSession, appBinary, click, createOwner, go, set, shot, startTauriDriver, until } from './webdriver.mjs';

const app = appBinary();
/** @type {Awaited<ReturnType<typeof startTauriDriver>>} */
let driver;
before(async () => {
  driver = await startTauriDriver({ ...process.env });
});
after(async () => {
  await driver?.stop();
});

const WANG = '王芳';
const RENEWAL = 'Dental hygienist licence is due for renewal';

/**
 * Whether the to-do list shows `what` about `who`.
 * @param {AppSession} s @param {string} what @param {string} who
 */
function listed(s, what, who) {
  return s.execute(
    `return [...document.querySelectorAll('[data-testid="todo-item"]')].some((i) =>
       i.querySelector('[data-testid="todo-what"]')?.textContent.trim() === arguments[0] &&
       (i.querySelector('[data-testid="todo-who"]')?.textContent ?? '').includes(arguments[1]));`,
    [what, who],
  );
}

test('the to-do list leads to a licence renewed, and the item goes; the kiosk shows CE progress', async () => {
  const s = await AppSession.launch(driver.url, app);
  try {
    await createOwner(s);
    await click(s, 'start-demo');
    await s.find('[data-testid="overview-todo"]');

    // The whole list: 王芳's licence is due for renewal.
    await go(s, '#/todo');
    await s.find('[data-testid="todo-list"]');
    await until(s, `return document.querySelectorAll('[data-testid="todo-item"]').length > 0`, 'the list');
    assert.equal(await listed(s, RENEWAL, WANG), true, 'her renewal is on the list');
    await shot(s, 'year-todo');
    await until(
      s,
      `const item = [...document.querySelectorAll('[data-testid="todo-item"]')].find((i) =>
         i.querySelector('[data-testid="todo-what"]')?.textContent.trim() === arguments[0] &&
         (i.querySelector('[data-testid="todo-who"]')?.textContent ?? '').includes(arguments[1]));
       item?.querySelector('[data-testid="todo-open"]')?.click();
       return !!item;`,
      'opening the renewal',
      [RENEWAL, WANG],
    );

    // Her page: renew it for two years.
    await s.find('[data-testid="person-licences"]');
    await until(
      s,
      `const b = document.querySelector('[aria-label="Renew Dental hygienist licence"]'); b?.click(); return !!b;`,
      'the Renew button',
    );
    await s.find('[data-testid="licence-form"]');
    const renewed = await s.execute(
      `const d = new Date(); d.setFullYear(d.getFullYear() + 2); return d.toISOString().slice(0, 10);`,
    );
    await set(s, 'field-expiresOn', String(renewed), 'licence-form');
    await click(s, 'licence-save');
    await until(
      s,
      `return [...document.querySelectorAll('[data-testid="licence-status-row"]')].some((r) =>
         r.textContent.includes('Dental hygienist licence') && r.dataset.state === 'current');`,
      'the licence current',
    );

    // Back on the list, the reminder is gone.
    await go(s, '#/todo');
    await until(s, `return document.querySelectorAll('[data-testid="todo-item"]').length > 0`, 'the list again');
    assert.equal(await listed(s, RENEWAL, WANG), false, 'the renewal reminder is gone');

    // The owner's view of the year: last year's reviews scored across the
    // practice, a chart for each with its numbers beside it, and the pay.
    const lastYear = new Date().getFullYear() - 1;
    await go(s, `#/year?year=${lastYear}`);
    const row = await until(
      s,
      `const r = [...document.querySelectorAll('[data-testid="by-year-row"]')].find((x) => x.cells[0].textContent.trim() === arguments[0]);
       return r ? r.innerText : null;`,
      'last year in the by-year table',
      [String(lastYear)],
    );
    assert.match(String(row), /\b9\b/, 'nine finalized reviews last year');
    assert.match(String(row), /3\.8/, 'the practice’s customer-service score');
    const charts = await s.execute(`return document.querySelectorAll('figure canvas').length`);
    assert.ok(Number(charts) >= 4, `the charts are drawn: ${charts}`);
    await s.find('[data-testid="pay-table"]');
    await shot(s, 'year-dashboard');

    // At the kiosk, 王芳 sees her CE in the new cycle.
    await click(s, 'lock');
    await s.find('[data-testid="lock-screen"]');
    await until(
      s,
      `const b = [...document.querySelectorAll('[data-testid^="kiosk-"]')].find((x) => x.textContent.trim() === arguments[0]);
       if (b) b.click();
       return !!b;`,
      '王芳 on the lock screen',
      [WANG],
    );
    await s.type(await s.find('[data-testid="field-secret"]'), '1234');
    await click(s, 'sign-in');
    const ce = await until(
      s,
      `const w = document.querySelector('[data-testid="licence-ce-words"]'); return w ? w.textContent : null;`,
      'her CE progress at the kiosk',
    );
    assert.match(String(ce), /of 25 hours/);
    assert.match(String(ce), /in infection control/);
    await shot(s, 'year-kiosk-ce');
  } finally {
    await s.quit();
  }
});
