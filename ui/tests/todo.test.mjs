// The to-do list: the practice's on the Overview and its own screen, each
// item opening where it is done; the kiosk's own list; the reminder settings.
// Same harness as flows.test.mjs: the built UI in Chromium against the core's
// recorded answers (src-tauri/src/fixtures/year.rs, scenarios/year.rs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { called, countIs, eventually, textMatches, uiInChromium } from './app.mjs';
import { createFakeBackend } from './fake-backend.mjs';

const ui = uiInChromium();

const WANG_DUE = 'Dental hygienist licence is due for renewal';

test("the to-do list: 王芳's licence due for renewal opens her page; renewed there, it leaves the list", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/overview' });
  const first = page.getByTestId('overview-todo');
  const shown = first.getByTestId('todo-item');
  await countIs(shown, 6, 'the overview shows the first six');
  assert.equal(await shown.first().getAttribute('data-overdue'), 'true', 'overdue first');
  await textMatches(first.getByTestId('todo-all'), /^All 39 things to do \(17 overdue\)$/, 'the way to the whole list, with how many are overdue');
  await first.getByTestId('todo-all').click();

  const items = page.getByTestId('todo-list').getByTestId('todo-item');
  await countIs(items, 39, 'every item');
  const overdue = await items.evaluateAll((li) => li.map((e) => e.getAttribute('data-overdue')));
  assert.deepEqual(overdue, [...overdue].sort().reverse(), 'overdue first, then the rest');
  const wang = items.filter({ hasText: WANG_DUE });
  await countIs(wang, 1, 'her licence');
  assert.match(await wang.innerText(), /Due 2026-12-29[\s\S]*Dental hygienist licence is due for renewal[\s\S]*王芳 · Licences expiring/, 'when, what, who and the kind');

  await page.getByTestId('todo-kind').selectOption('licences');
  await countIs(items, 4, 'licences only');
  assert.match(await page.evaluate(() => location.hash), /#\/todo\?kind=licences$/, 'the filter is in the link');
  assert.equal(await items.filter({ hasText: /CPR and Basic Life Support/ }).count(), 0, 'no training among them');

  await items.filter({ hasText: WANG_DUE }).getByTestId('todo-open').click();
  await eventually(() => page.evaluate(() => location.hash), (h) => h === '#/staff/4', 'her page');
  await textMatches(page.getByTestId('person-name'), /^王芳$/, 'her page');

  // Renewed as the licence tests renew it (their scenario).
  await page.getByRole('button', { name: 'Renew Dental hygienist licence' }).click();
  const form = page.getByTestId('licence-form');
  await form.getByTestId('field-expiresOn').fill('2028-12-29');
  await form.getByTestId('field-scan').setInputFiles({
    name: 'hygienist-licence-2028.png',
    mimeType: 'image/png',
    buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
  });
  await form.getByTestId('licence-save').click();
  await countIs(page.getByTestId('licence-row'), 3, 'renewed');
  assert.equal(called(calls, 'licence_record').length, 1);

  await page.goBack();
  await eventually(() => page.evaluate(() => location.hash), (h) => h === '#/todo?kind=licences', 'Back: the list as it was filtered');
  await countIs(items, 3, 'one licence fewer');
  assert.equal(await items.filter({ hasText: WANG_DUE }).count(), 0, 'her renewal is no longer to do');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the to-do list: each kind opens its own screen; the list prints as ‘To do this month’', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/todo' });
  const items = page.getByTestId('todo-list').getByTestId('todo-item');
  await countIs(items, 39, 'every item');
  /** @param {string} what */
  const href = (what) => items.filter({ hasText: what }).first().getByTestId('todo-open').getAttribute('href');
  assert.equal(await href('Annual review 2026 to finish and finalize'), '#/evaluations/17', 'a draft review: the review');
  assert.equal(await href('2 suggestions wait for a decision'), '#/suggestions');
  assert.equal(await href('2 training records logged at the kiosk wait for approval'), '#/pending');
  assert.equal(await href('4 people have not acknowledged'), '#/standards/5', 'a standard: its page');
  assert.equal(
    await items.filter({ hasText: 'Annual review 2026 not started' }).getByTestId('todo-open').getAttribute('aria-label'),
    'Open: Annual review 2026 not started (Sam Carter)',
    'the button says what it opens, for a screen reader',
  );
  await page.getByTestId('todo-print-save').click();
  await textMatches(page.getByTestId('notice'), /Saved/, 'saved');
  assert.deepEqual(called(calls, 'print_save')[0]?.args, { request: { document: 'todo' } });
  assert.deepEqual(errors, []);
  await page.close();
});

test('Settings → Reminders: the licences turned off leave the list; training 400 days ahead is refused under its days, then 45 is saved as the practice’s “due soon”', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/settings' });
  /** @param {string} kind */
  const row = (kind) => page.locator(`[data-testid="reminder-row"][data-reminder="${kind}"]`);
  await countIs(page.getByTestId('reminder-row'), 11, 'every kind');
  assert.equal(await row('mid_year_review').getByTestId('reminder-enabled').isChecked(), false, 'as the practice set them');
  assert.equal(await row('licences').getByTestId('field-daysAhead').inputValue(), '60');
  assert.equal(await row('approvals').getByTestId('field-daysAhead').count(), 0, 'what waits with no date has no days');

  await row('licences').getByTestId('reminder-enabled').uncheck();
  await textMatches(page.getByTestId('notice'), /Reminders saved — Licences expiring: off/, 'saved at once');
  assert.deepEqual(called(calls, 'reminder_settings_update')[0]?.args, { settings: [{ reminder: 'licences', enabled: false, daysAhead: 60 }] });

  await page.goto(`${ui.url}#/todo`);
  const items = page.getByTestId('todo-list').getByTestId('todo-item');
  await countIs(items, 35, 'four licence items fewer');
  assert.equal(await page.locator('[data-testid="todo-item"][data-reminder="licences"]').count(), 0, 'no licence among them');
  assert.equal(await items.filter({ hasText: WANG_DUE }).count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Settings → Reminders: days ahead out of range are refused under that kind’s days, keeping what was typed', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/settings' });
  const training = page.locator('[data-testid="reminder-row"][data-reminder="training"]');
  const days = training.getByTestId('field-daysAhead');
  await days.fill('400');
  await days.press('Enter');
  const error = training.getByTestId('error-daysAhead');
  await textMatches(error, /^Training due: warn from 0 to 365 days ahead$/, "the core's message, under training's days");
  assert.equal(await days.getAttribute('aria-invalid'), 'true');
  assert.ok((await days.getAttribute('aria-describedby'))?.split(' ').includes((await error.getAttribute('id')) ?? '?'), 'the input is described by the message');
  assert.equal(await days.evaluate((e) => e === document.activeElement), true, 'the field has the focus');
  assert.equal(await days.inputValue(), '400', 'what was typed is kept');
  assert.equal(await page.getByTestId('error-daysAhead').count(), 1, 'under that row only');

  await days.fill('45');
  await countIs(error, 0, 'changing the field takes its message away');
  await days.press('Enter');
  await textMatches(page.getByTestId('notice'), /Training due: on, 45 days ahead/, 'saved');
  assert.equal(await page.getByTestId('field-dueSoonDays').inputValue(), '45', "the practice's “due soon” window is the same number");
  assert.deepEqual(
    called(calls, 'reminder_settings_update').map((c) => /** @type {any} */ (c.args.settings)[0].daysAhead),
    [400, 45],
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test("the kiosk: the person's own list at the top of their page, and no one else's", async () => {
  const fake = createFakeBackend({ kiosk: 'Zoë Núñez' });
  const { page, errors } = await ui.open({ fake });
  const mine = page.getByTestId('kiosk-todo');
  const items = mine.getByTestId('todo-item');
  await countIs(items, 4, 'her four');
  assert.deepEqual(await items.getByTestId('todo-what').allInnerTexts(), [
    "Give your feedback on a colleague's service",
    'Patient privacy (HIPAA) is due for renewal',
    'Read and acknowledge your annual review 2026',
    'Read and acknowledge “Hand complete registration and insurance details to billing on the day of the visit.”',
  ]);
  assert.deepEqual(await mine.getByTestId('todo-who').allInnerTexts(), ['Priya Raghunathan'], 'only the colleague she is asked about is named; her own name is not repeated');
  assert.equal(await mine.getByTestId('todo-open').count(), 0, 'done on this page: nothing to open');
  const top = await page.evaluate(() => {
    const panels = [...document.querySelectorAll('.kiosk .panel')];
    return panels[0]?.getAttribute('data-testid');
  });
  assert.equal(top, 'kiosk-todo', 'at the top of her page');
  assert.equal(await page.getByText(WANG_DUE).count(), 0, "nobody else's");
  assert.deepEqual(errors, []);
  await page.close();
});
