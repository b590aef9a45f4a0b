// The evidence of service in the window: patients' compliments and
// complaints, service checks and their met rates, measured criteria on an
// evaluation, the evidence beside the customer-service sections, the met-rate
// thresholds in Settings, and the checks import. Same harness as
// flows.test.mjs: the built UI in Chromium against the core's recorded
// answers (src-tauri/src/fixtures/scenarios/service.rs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { called, countIs, eventually, textMatches, uiInChromium } from './app.mjs';
import { createFakeBackend, POLICY, TODAY } from './fake-backend.mjs';

const ui = uiInChromium();

/** The demo's patients' feedback: twelve, six of them complaints, one still open. */
const DEMO_FEEDBACK = 12;
/** Of those, what came in this year (the Feedback screen's first view): one complaint came in December 2025. */
const THIS_YEAR = 11;
const PHONE = 'Answer every call with the practice name and your own name, before the third ring.';
const SAID = 'Put on hold twice, then cut off. Rang back and nobody answered.';
const DONE = 'Called back the next morning and apologised; the second line now rings at reception.';
const WHY = 'Answers on the first ring since the second line came in; the checks before it pull the rate down.';

test("patients' feedback: a complaint refused at every field at once, then logged, and closed", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/overview' });
  await page.getByTestId('nav-feedback').click();
  const rows = page.getByTestId('feedback-row');
  await countIs(rows, THIS_YEAR, "newest first, this year's");
  assert.equal(await rows.first().getAttribute('data-id'), '12', 'the newest first');
  await textMatches(page.getByTestId('feedback-heading'), /^11 compliments and complaints from 2026$/, 'which year, said');
  await page.getByTestId('feedback-kind').selectOption('complaint');
  await countIs(rows, 5, "this year's complaints");
  await page.getByTestId('feedback-open').check();
  await countIs(rows, 1, 'the one still open');
  await textMatches(rows.first().getByTestId('feedback-status'), /^Open$/, 'marked open');
  await textMatches(page.getByTestId('feedback-heading'), /^1 open complaint from 2026$/, 'every filter, said');
  await page.getByTestId('feedback-open').uncheck();
  await page.getByTestId('feedback-kind').selectOption({ label: 'Compliments and complaints' });
  await countIs(rows, THIS_YEAR, 'this year again');

  await page.getByTestId('log-feedback').click();
  const form = page.getByTestId('feedback-form');
  await textMatches(form.getByTestId('summary-hint'), /Do not write the patient's name, date of birth or contact details/, 'no patient is named: the form says so');
  assert.equal(await form.getByTestId('field-summary').getAttribute('aria-describedby'), await form.getByTestId('summary-hint').getAttribute('id'), 'the hint describes the field');
  assert.equal(await form.getByTestId('field-receivedOn').inputValue(), TODAY, 'the day defaults to today');
  await form.getByTestId('field-receivedOn').fill('2026-11-24');
  await form.getByTestId('field-closedOn').fill('2026-11-30');
  await form.getByTestId('feedback-save').click();
  await textMatches(form.getByTestId('error-kind'), /compliment or a complaint/, 'under the kind');
  await textMatches(form.getByTestId('error-receivedOn'), /cannot be in the future/, 'under the day it came in');
  await textMatches(form.getByTestId('error-channel'), /Choose how it came in/, 'under the channel');
  await textMatches(form.getByTestId('error-summary'), /What the patient said is required/, 'under the summary');
  await textMatches(form.getByTestId('error-closedOn'), /cannot be in the future/, 'under the day it was closed');
  assert.equal(called(calls, 'patient_feedback_log').length, 1, 'one refusal named every field');
  assert.equal(await form.getByTestId('form-error').count(), 0, 'no banner: every message is under its field');

  await form.getByTestId('kind-complaint').check();
  await countIs(form.getByTestId('error-kind'), 0, 'choosing the kind clears its message');
  assert.equal(await form.getByTestId('error-summary').count(), 1, 'the others stay until their own field changes');
  await form.getByTestId('field-receivedOn').fill('2026-11-20');
  await form.getByTestId('field-channel').selectOption({ label: 'Phone' });
  await form.getByTestId('field-summary').fill(SAID);
  await form.getByTestId('field-staffId').selectOption({ label: 'Zoë Núñez' });
  await form.getByTestId('field-standardId').selectOption({ label: PHONE });
  await form.getByTestId('field-closedOn').fill('');
  await form.getByTestId('feedback-save').click();

  await countIs(rows, THIS_YEAR + 1, 'logged');
  const logged = rows.first();
  assert.equal(await logged.getAttribute('data-kind'), 'complaint');
  const text = await logged.innerText();
  assert.match(text, /Complaint\s+#13 · 2026-11-20 · Phone/, 'its number, day and channel');
  assert.match(text, /Put on hold twice/);
  assert.match(text, /About Zoë Núñez/);
  assert.match(text, /Standard “Answer every call/);
  await textMatches(logged.getByTestId('feedback-status'), /^Open$/, 'open until closed');
  assert.deepEqual(called(calls, 'patient_feedback_log')[1]?.args.input, {
    receivedOn: '2026-11-20',
    channel: 'phone',
    kind: 'complaint',
    standardId: 1,
    staffId: 2,
    summary: SAID,
    actionTaken: '',
    closedOn: '',
  });

  await logged.getByTestId('close-feedback').click();
  const closing = page.getByTestId('feedback-form');
  assert.match(await closing.innerText(), /Complaint #13, 2026-11-20[\s\S]*Put on hold twice/, 'what is being closed');
  assert.equal(await closing.getByTestId('field-closedOn').inputValue(), TODAY, 'closed today unless told otherwise');
  await closing.getByTestId('field-actionTaken').fill(DONE);
  await closing.getByTestId('feedback-save').click();
  await textMatches(logged.getByTestId('feedback-status'), /^Closed 2026-11-23$/, 'closed');
  await textMatches(logged.getByTestId('feedback-action'), /Done: Called back the next morning/, 'what was done');
  assert.deepEqual(called(calls, 'patient_feedback_update')[0]?.args, {
    id: 13,
    input: { receivedOn: '2026-11-20', channel: 'phone', kind: 'complaint', standardId: 1, staffId: 2, summary: SAID, actionTaken: DONE, closedOn: TODAY },
  });

  // On her page, and on the standard's.
  await page.goto(`${ui.url}#/staff/2`);
  await textMatches(page.getByTestId('person-feedback'), /#13[\s\S]*Put on hold twice/, "on Zoë's page");
  assert.doesNotMatch(await page.getByTestId('person-feedback').innerText(), /About Zoë/, 'not named on her own page');
  await page.goto(`${ui.url}#/standards/1`);
  await textMatches(page.getByTestId('standard-feedback'), /#13[\s\S]*Put on hold twice/, "on the phone standard's page");
  assert.deepEqual(errors, []);
  await page.close();
});

test("patients' feedback: Delete asks first; one a revision names is refused with the core's reason", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/feedback' });
  const rows = page.getByTestId('feedback-row');
  await countIs(rows, THIS_YEAR, 'listed');
  await page.getByTestId('feedback-year').selectOption({ label: 'All years' });
  await countIs(rows, DEMO_FEEDBACK, 'every year, the complaint from 2025 among them');
  const named = rows.and(page.locator('[data-id="1"]'));
  await named.getByTestId('delete-feedback').click();
  await page.getByTestId('confirm-ok').click();
  await textMatches(page.getByRole('alert'), /Not deleted\.[\s\S]*prompted the revision of "Answer every call[\s\S]*version 2/, 'why not, in words');
  await countIs(rows, DEMO_FEEDBACK, 'kept');

  const compliment = rows.and(page.locator('[data-id="12"]'));
  await compliment.getByTestId('delete-feedback').click();
  await page.getByTestId('confirm-cancel').click();
  assert.equal(called(calls, 'patient_feedback_delete').length, 1, 'nothing sent before the confirmation');
  await compliment.getByTestId('delete-feedback').click();
  await page.getByTestId('confirm-ok').click();
  await countIs(rows, DEMO_FEEDBACK - 1, 'deleted');
  assert.deepEqual(
    called(calls, 'patient_feedback_delete').map((c) => c.args),
    [{ id: 1 }, { id: 12 }],
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test("patients' feedback by year: this year first, any of the three before, or all years; with the kind and open-only filters; an empty year says which", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/feedback' });
  const rows = page.getByTestId('feedback-row');
  const year = page.getByTestId('feedback-year');
  await countIs(rows, THIS_YEAR, "this year's");
  assert.deepEqual(await year.locator('option').allInnerTexts(), ['2026', '2025', '2024', '2023', 'All years'], 'this year, the three before, all years');
  assert.equal(await year.inputValue(), '2026', 'this year to start with');

  await year.selectOption('2025');
  await countIs(rows, 1, "2025's");
  await textMatches(rows.first(), /Complaint\s+#1 · 2025-12-18/, 'the complaint of December 2025');
  await page.getByTestId('feedback-kind').selectOption('compliment');
  await textMatches(page.getByTestId('feedback-none'), /^No compliments from 2025\.$/, 'none, and from which year');
  await page.getByTestId('feedback-kind').selectOption('complaint');
  await page.getByTestId('feedback-open').check();
  await textMatches(page.getByTestId('feedback-none'), /^No complaints from 2025 are still open\.$/, 'the year with the other filters');
  await page.getByTestId('feedback-open').uncheck();
  await page.getByTestId('feedback-kind').selectOption({ label: 'Compliments and complaints' });

  await year.selectOption('2024');
  await textMatches(page.getByTestId('no-feedback'), /No patients' feedback from 2024/, 'an empty year says which');
  await year.selectOption({ label: 'All years' });
  await countIs(rows, DEMO_FEEDBACK, 'all of it');
  await textMatches(page.getByTestId('feedback-heading'), /^12 compliments and complaints$/, 'no year named');
  await page.getByTestId('feedback-kind').selectOption('complaint');
  await countIs(rows, 6, 'every complaint');
  const years = called(calls, 'patient_feedback_list').map((c) => /** @type {any} */ (c.args.filter).year);
  assert.deepEqual([...new Set(years)], [2026, 2025, 2024, null], 'the year sent with each filter');
  assert.deepEqual(errors, []);
  await page.close();
});

test("patients' feedback by year: one logged from another year than the one shown brings its year up, so it does not vanish", async () => {
  const { page, errors } = await ui.open({ hash: '#/feedback' });
  const rows = page.getByTestId('feedback-row');
  await countIs(rows, THIS_YEAR, "this year's");
  await page.getByTestId('log-feedback').click();
  const form = page.getByTestId('feedback-form');
  await form.getByTestId('kind-compliment').check();
  await form.getByTestId('field-receivedOn').fill('2025-12-30');
  await form.getByTestId('field-channel').selectOption({ label: 'Email' });
  await form.getByTestId('field-summary').fill('Thank you for fitting me in before the holidays.');
  await form.getByTestId('feedback-save').click();
  await textMatches(page.getByTestId('feedback-heading'), /^2 compliments and complaints from 2025$/, 'its year shown');
  assert.equal(await page.getByTestId('feedback-year').inputValue(), '2025');
  await textMatches(rows.first(), /Compliment\s+#13 · 2025-12-30[\s\S]*fitting me in/, 'there, newest first');
  assert.deepEqual(errors, []);
  await page.close();
});

test("service checks: a run of phone checks, each one field away from the next; the standard's rate follows", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/overview' });
  await page.getByTestId('nav-checks').click();
  const phone = page.getByTestId('rate-row').and(page.locator('[data-id="1"]'));
  await textMatches(phone.getByTestId('rate'), /^81% \(84 of 104\)$/, "the phone standard's rate over the year, as counts");
  await textMatches(page.getByTestId('rate-row').and(page.locator('[data-id="2"]')).getByTestId('rate'), /^—$/, 'a standard never checked');
  // The first checked standard is shown; the phone standard when chosen.
  await phone.getByRole('link').click();
  const november = page.getByTestId('month-row').and(page.locator('[data-month="2026-11"]'));
  await textMatches(november.getByTestId('month-rate'), /^100% \(6 of 6\)$/, 'this month so far');
  await countIs(page.getByTestId('month-row'), 12, 'twelve months, one row each');
  await textMatches(page.getByTestId('month-row').first(), /Dec 2025/, 'the oldest first');

  await page.getByTestId('record-checks').click();
  const form = page.getByTestId('check-form');
  await form.waitFor();
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('name'));
  await eventually(focused, (n) => n === 'standardId', 'the form takes the focus');
  assert.equal(await form.getByTestId('field-standardId').inputValue(), '1', 'the standard shown is the one checked');
  assert.equal(await form.getByTestId('field-checkedOn').inputValue(), TODAY, 'today');
  await textMatches(form.locator('.hint'), /Target: 3 rings/, 'the target beside what was observed');
  await form.getByTestId('field-staffId').selectOption({ label: 'Zoë Núñez' });
  await form.getByTestId('field-observed').fill('2');
  await form.getByTestId('field-observed').press('Enter');
  await textMatches(form.getByTestId('check-recorded'), /Recorded: 2026-11-23, Zoë Núñez, met \(2 against 3 rings\)/, 'what the core made of it');
  await textMatches(phone.getByTestId('rate'), /^81% \(85 of 105\)$/, 'the rate counts it');
  await textMatches(november.getByTestId('month-rate'), /^100% \(7 of 7\)$/, 'and the month');
  await eventually(focused, (n) => n === 'observed', 'the focus is back on what was observed');
  assert.equal(await form.getByTestId('field-observed').inputValue(), '', 'emptied for the next');
  assert.equal(await form.getByTestId('field-staffId').inputValue(), '2', 'the same person');

  await page.keyboard.type('5');
  await page.keyboard.press('Enter');
  await textMatches(form.getByTestId('check-recorded'), /Zoë Núñez, not met \(5 against 3 rings\)/, 'over the target: not met');
  await textMatches(phone.getByTestId('rate'), /^80% \(85 of 106\)$/, 'the rate falls');

  // A number that meets the target, said not to: refused at Met.
  await form.getByTestId('field-observed').fill('1');
  await form.getByTestId('met-no').check();
  await form.getByTestId('check-save').click();
  await textMatches(form.getByTestId('error-met'), /1 against a target of 3 rings is met: leave Met empty or match it/, 'under Met');
  assert.equal(await form.getByTestId('field-observed').inputValue(), '1', 'what was typed stays');
  await form.getByTestId('met-by-number').check();
  await countIs(form.getByTestId('error-met'), 0, 'choosing again clears it');
  await form.getByTestId('check-save').click();
  await textMatches(phone.getByTestId('rate'), /^80% \(86 of 107\)$/, 'counted');
  assert.deepEqual(
    called(calls, 'service_check_record').map((c) => c.args.input),
    [
      [2, null],
      [5, null],
      [1, false],
      [1, null],
    ].map(([observed, met]) => ({ standardId: 1, checkedOn: TODAY, staffId: 2, observed, met, note: '' })),
  );

  // The slow one was a mistake.
  const slow = page.getByTestId('check-row').filter({ hasText: 'Not met' }).first();
  const id = Number(await slow.getAttribute('data-id'));
  assert.match(await slow.innerText(), /2026-11-23[\s\S]*Zoë Núñez[\s\S]*5, target 3 rings/, 'the newest first');
  await slow.getByTestId('delete-check').click();
  await page.getByTestId('confirm-ok').click();
  await textMatches(phone.getByTestId('rate'), /^81% \(86 of 106\)$/, 'gone from the rate');
  await textMatches(november.getByTestId('month-rate'), /^100% \(8 of 8\)$/, 'and from the month');
  assert.deepEqual(called(calls, 'service_check_delete')[0]?.args, { id });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a measured criterion: the proposal accepted, and a rating other than proposed needs a reason at its field', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/evaluations/2' });
  // Margaret O'Neill's draft: phone (8) rated as proposed, email (10) rated 2 where the checks propose 3.
  await textMatches(page.getByTestId('proposal-8'), /Proposed by service checks: 3 \(35 of 46 met, 76%\)/, "the phone checks' proposal");
  await textMatches(page.getByTestId('proposal-10'), /Proposed by service checks: 3 \(36 of 46 met, 78%\)/, "the email checks' proposal");
  assert.equal(await page.getByTestId('accept-8').count(), 0, 'nothing to accept where the rating is the proposal');
  assert.equal(await page.getByTestId('reason-8').count(), 0, 'nor a reason to give');
  await page.getByTestId('reason-10').waitFor();
  assert.equal(await page.getByText('Why not the proposed rating?').count(), 1, 'rated otherwise: why, asked');
  await textMatches(page.getByTestId('score-cs'), /^2\.7 \(54\.0%\)$/, 'the score before');

  await page.getByTestId('accept-10').click();
  await textMatches(page.getByTestId('score-cs'), /^3\.0 \(60\.0%\)$/, 'the score follows the accepted rating');
  assert.equal(await page.getByTestId('rate-10-3').isChecked(), true, 'rated as proposed');
  await countIs(page.getByTestId('reason-10'), 0, 'no reason needed now');
  const first = /** @type {any} */ (called(calls, 'evaluation_save')[0]?.args.edit);
  assert.deepEqual(first.ratings[10], { criterionId: 26, rating: 3, notApplicable: false, comment: first.ratings[10].comment, overrideReason: '' });

  // Rated above the proposal: nothing is saved until it says why.
  await page.getByTestId('rate-8-5').check();
  const reason = page.getByTestId('reason-8');
  await reason.waitFor();
  await eventually(() => page.evaluate(() => document.activeElement?.getAttribute('name')), (n) => n === 'ratings.8.overrideReason', 'the focus goes to the reason');
  assert.equal(called(calls, 'evaluation_save').length, 1, 'not saved without its reason');
  await page.getByTestId('save').click();
  await textMatches(
    page.getByTestId('error-ratings.8.overrideReason'),
    /The service checks propose 3 for "Answer every call[\s\S]*\(35 of 46 met\): say why it is rated otherwise/,
    "the core's refusal, under the reason",
  );
  assert.equal(await reason.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByTestId('form-error').count(), 0, 'no banner');

  await reason.fill(WHY);
  await countIs(page.getByTestId('error-ratings.8.overrideReason'), 0, 'typing clears the message');
  await reason.press('Tab');
  await textMatches(page.getByTestId('score-cs'), /^3\.6 \(72\.0%\)$/, 'saved with its reason: the score follows');
  const saves = called(calls, 'evaluation_save').map((c) => /** @type {any} */ (c.args.edit).ratings[8]);
  assert.deepEqual(
    saves.map((r) => [r.rating, r.overrideReason]),
    [
      [3, ''],
      [5, ''],
      [5, WHY],
    ],
  );
  assert.equal(await reason.inputValue(), WHY, 'the reason stays shown');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the evidence of service stands beside the customer-service sections; a review finalized before it says so', async () => {
  const { page, errors } = await ui.open({ hash: '#/evaluations/13' });
  // Priya Raghunathan's draft: a compliment, two thank-yous, no checks.
  const patients = page.getByTestId('section-external_service').getByTestId('service-evidence');
  const colleagues = page.getByTestId('section-internal_service').getByTestId('service-evidence');
  await textMatches(patients, /Service in the period\s+2026-01-01 to 2026-12-31/, 'the review period');
  await textMatches(patients.getByTestId('service-patients'), /^Patients: 1 compliment, 0 complaints$/, "patients' feedback, counted");
  assert.match(await patients.innerText(), /Compliment 2026-06-26: Thank you for setting up a payment plan/, 'and what was said');
  assert.match(await patients.getByTestId('service-checks').innerText(), /None in the period/);
  assert.doesNotMatch(await patients.innerText(), /Thank-yous/, 'thank-yous stand beside the colleagues’ section');
  await textMatches(colleagues.getByTestId('service-thanks'), /^Thank-yous from colleagues: 2$/, 'beside service to colleagues');
  assert.doesNotMatch(await colleagues.innerText(), /Patients:/, "patients' feedback stands beside the patients' section");

  await page.goto(`${ui.url}#/evaluations/2`);
  const checks = page.getByTestId('section-external_service').getByTestId('service-checks');
  await textMatches(checks, /Answer every call[^\n]*76% \(35 of 46\)/, "her phone checks' met rate");
  assert.match(await checks.innerText(), /Reply to every patient email[^\n]*78% \(36 of 46\)/);

  await page.goto(`${ui.url}#/evaluations/4`);
  await countIs(page.getByTestId('service-not-kept'), 2, 'beside both sections');
  await textMatches(page.getByTestId('service-not-kept'), /not kept for reviews finalized before this version/, 'says why there is none');
  assert.deepEqual(errors, []);
  await page.close();
});

test('settings: the met-rate thresholds, refused when not falling, then saved; the proposals follow them', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/settings' });
  const field = (/** @type {number} */ r) => page.getByTestId(`field-metRateThresholds-${r}`);
  await field(5).waitFor();
  assert.deepEqual(await Promise.all([5, 4, 3, 2].map((r) => field(r).inputValue())), ['95', '85', '70', '50'], 'as the practice has them');
  for (const [r, v] of /** @type {const} */ ([[5, '90'], [4, '75'], [3, '80'], [2, '40']])) await field(r).fill(v);
  await page.getByTestId('save').click();
  await textMatches(page.getByTestId('error-metRateThresholds'), /each lower than the one before/, 'under the thresholds');
  assert.equal(await field(3).getAttribute('aria-invalid'), 'true');
  assert.equal(await field(3).inputValue(), '80', 'what was typed stays');
  await field(3).fill('60');
  await page.getByTestId('save').click();
  await textMatches(page.getByTestId('notice'), /Settings saved/, 'saved');
  assert.deepEqual(
    called(calls, 'practice_update').map((c) => /** @type {any} */ (c.args.settings).metRateThresholds),
    [
      [90, 75, 80, 40],
      [90, 75, 60, 40],
    ],
  );

  // 76% of the phone checks now proposes a 4.
  await page.goto(`${ui.url}#/evaluations/2`);
  await textMatches(page.getByTestId('proposal-8'), /Proposed by service checks: 4 \(35 of 46 met, 76%\)/, 'the new proposal');
  await page.getByTestId('reason-8').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('import: a file of service checks previewed with a bad row, then put right and imported', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/transfer' });
  await page.getByTestId('import-kind-checks').check();
  await textMatches(page.getByTestId('import-columns'), /Standard \(its number or its wording\)[\s\S]*empty for the whole desk/, 'what the columns are');
  assert.equal(called(calls, 'import_preview').length, 0, 'no file yet: nothing sent');
  const csv = (/** @type {string} */ rings) =>
    Buffer.from(`Date,Standard,Name,Rings,Met,Note\n2026-11-16,1,Zoë Núñez,2,,\n2026-11-17,1,Zoë Núñez,${rings},,Busy morning\n2026-11-18,6,,,yes,\n`);
  await page.getByTestId('import-file').setInputFiles({ name: 'checks.csv', mimeType: 'text/csv', buffer: csv('two') });
  await textMatches(page.getByTestId('import-blocked'), /1 row has problems/, 'nothing imported while a row is wrong');
  const bad = page.getByTestId('import-row').nth(1);
  assert.match(await bad.innerText(), /3\s+Zoë Núñez: 1 \(2026-11-17\)\s+Observed "two" is not a number/, 'the row, by its line');
  assert.equal(await page.getByTestId('import-run').count(), 0, 'no Import button');
  assert.deepEqual(called(calls, 'import_preview')[0]?.args, { kind: 'checks', text: csv('two').toString() });

  await page.getByTestId('import-file').setInputFiles({ name: 'checks.csv', mimeType: 'text/csv', buffer: csv('4') });
  await textMatches(page.getByTestId('import-run'), /^Import 3 checks$/, 'every row right');
  await page.getByTestId('import-run').click();
  await textMatches(page.getByTestId('import-done'), /Imported 3\./, 'imported');
  await textMatches(page.getByTestId('notice'), /Imported 3 service checks/, 'said in words');
  assert.deepEqual(called(calls, 'import_run')[0]?.args, { kind: 'checks', text: csv('4').toString() });

  await page.goto(`${ui.url}#/checks?standard=6`);
  await textMatches(page.getByTestId('rate-row').and(page.locator('[data-id="6"]')).getByTestId('rate'), /^100% \(1 of 1\)$/, "the whole desk's check counts");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a standard's page: its months, the feedback citing it, what prompted each version; a revision names its complaint", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/standards/1' });
  await textMatches(page.getByTestId('prompted'), /^Version 2, revised after complaints #1, #7, #11$/, 'what prompted the revision');
  await countIs(page.getByTestId('standard-months').getByTestId('month-row'), 12, 'its last twelve months');
  await countIs(page.getByTestId('standard-feedback').getByTestId('feedback-row'), 3, 'the feedback citing it');

  await page.goto(`${ui.url}#/standards/3/edit`);
  const prompts = page.getByTestId('prompted-by');
  await prompts.waitFor();
  const offered = await prompts.locator('input').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('data-testid')));
  assert.deepEqual(offered, ['prompt-3', 'prompt-12'], 'the feedback citing it, the complaint first');
  await prompts.getByTestId('every-feedback').click();
  await countIs(prompts.locator('input'), DEMO_FEEDBACK, 'the rest on request');
  await prompts.getByTestId('prompt-3').check();
  await page.getByTestId('save').click();
  await textMatches(page.getByTestId('prompted'), /^Version 2, revised after complaint #3$/, 'the new version names it');
  const sent = /** @type {any} */ (called(calls, 'standard_revise')[0]?.args);
  assert.deepEqual(sent.input.promptedBy, [3]);
  assert.equal(sent.input.effectiveDate, TODAY);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a person's page: their met rate per standard and the patients' feedback about them", async () => {
  const { page, errors } = await ui.open({ hash: '#/staff/2' });
  const rates = page.getByTestId('person-rates');
  await textMatches(rates, /Answer every call[^\n]*87% \(45 of 52\)/, 'her own checks only');
  assert.match(await rates.innerText(), /Reply to every patient email[^\n]*75% \(39 of 52\)/);
  await textMatches(page.getByTestId('person-feedback'), /Compliment[\s\S]*The receptionist remembered my name/, 'about her');
  assert.deepEqual(errors, []);
  await page.close();

  // A manager records the evidence of service too.
  const manager = createFakeBackend();
  manager.state.session = { account: 2, role: 'manager', name: 'Pat Manager', staff: null, permissions: POLICY.manager ?? [] };
  const app = await ui.open({ fake: manager, hash: '#/staff/2' });
  await app.page.getByTestId('person-rates').waitFor();
  assert.equal(await app.page.getByTestId('nav-checks').count(), 1, 'Service checks in the sidebar');
  assert.equal(await app.page.getByTestId('nav-feedback').count(), 1, "Patients' feedback in the sidebar");
  assert.deepEqual(app.errors, []);
  await app.page.close();
});

test('the template editor: a criterion made from a standard may be measured by service checks, no other', async () => {
  const { page, errors } = await ui.open({ hash: '#/templates/1' });
  await page.getByTestId('measured-4-0').waitFor();
  assert.equal(await page.getByTestId('measured-4-0').isChecked(), true, 'the phone criterion is measured');
  assert.equal(await page.getByTestId('measured-4-1').isChecked(), false, 'the greeting is not');
  assert.equal(await page.getByTestId('template-section').first().locator('[data-testid^="measured-"]').count(), 0, 'a criterion of its own has no such box');
  // The external section's phone and email criteria are measured; the greeting becomes so.
  const meaning = page.getByTestId('template-section').nth(4).getByText(/checks in the review period propose its rating/);
  await countIs(meaning, 2, 'what it means, under each measured criterion');
  await page.getByTestId('measured-4-1').check();
  await countIs(meaning, 3, 'and under the one ticked');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the kiosk: every heading about the person says "My …"', async () => {
  const { page, errors } = await ui.open({ fake: createFakeBackend({ kiosk: 'Zoë Núñez' }) });
  await page.getByTestId('kiosk-my-thanks').waitFor();
  const headings = await page.locator('h2').allInnerTexts();
  assert.ok(headings.includes('My thank-yous') && headings.includes('My internal customers'), headings.join(' | '));
  assert.deepEqual(headings.filter((h) => /^Your\b/.test(h)), [], 'none says "Your"');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the new screens and forms fit the 900×600 minimum window, light and dark', async () => {
  // A text field scrolls what is typed in it by design (a criterion's long title): not counted.
  /** @param {import('playwright-core').Page} page @param {string} where */
  const fits = async (page, where) => {
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('.content, .content *, .sidebar, dialog[open] *')]
        .filter((e) => !e.matches('input, textarea') && !e.classList.contains('visually-hidden'))
        .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    );
    assert.deepEqual(cut, [], `${where}: something is wider than its box`);
  };
  /** @type {[string, string, ((p: import('playwright-core').Page) => Promise<void>)?][]} */
  const screens = [
    ['#/feedback', 'feedback-row', async (p) => {
      await p.getByTestId('log-feedback').click();
      await p.getByTestId('feedback-form').waitFor();
    }],
    ['#/checks?standard=1', 'check-row', async (p) => {
      await p.getByTestId('record-checks').click();
      await p.getByTestId('check-form').waitFor();
    }],
    ['#/evaluations/2', 'proposal-10'],
    ['#/standards/1', 'standard-months'],
    ['#/standards/3/edit', 'prompted-by'],
    ['#/staff/2', 'person-rates'],
    ['#/settings', 'field-metRateThresholds-5'],
    ['#/templates/1', 'measured-4-0'],
  ];
  for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
    for (const [hash, ready, then] of screens) {
      const { page, errors } = await ui.open({ hash, colorScheme });
      await page.setViewportSize({ width: 900, height: 600 });
      await page.getByTestId(ready).first().waitFor();
      await fits(page, `${hash} (${colorScheme})`);
      if (then) {
        await then(page);
        await fits(page, `${hash}, its form (${colorScheme})`);
      }
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
});
