// Feedback between colleagues, self-review, suggestions and check-ins: at the
// kiosk and in the window. Same harness as flows.test.mjs: the built UI in
// Chromium against the core's recorded answers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { called, countIs, textMatches, uiInChromium } from './app.mjs';
import { createFakeBackend } from './fake-backend.mjs';

const ui = uiInChromium();

test("the kiosk: Zoë answers a colleague's request, refused first with nothing chosen; what colleagues said about her, in sum", async () => {
  const fake = createFakeBackend({ kiosk: 'Zoë Núñez' });
  const { page, calls, errors } = await ui.open({ fake });
  await textMatches(page.getByTestId('feedback-about-summary'), /4 colleagues answered[\s\S]*On average/, 'the sum, from four answers');
  const give = page.getByTestId('kiosk-feedback-give');
  const form = give.getByTestId('feedback-ask');
  await textMatches(form, /About Priya Raghunathan[\s\S]*Acknowledge a colleague's request/, 'whom it is about, and her standard');

  await form.getByTestId('answer-save').click();
  await textMatches(form.getByTestId('error-answers.0.answer'), /.+/, 'under the standard');
  await textMatches(form.getByTestId('error-wouldChoose'), /.+/, 'under the question, at the same time');

  await form.getByTestId('answer-sometimes').check();
  await form.getByTestId('answer-comment').fill('Says when, then it slips a day.');
  await form.getByTestId('would-choose-4').check();
  await form.getByTestId('field-comment').fill('Always kind on the phone.');
  await form.getByTestId('answer-save').click();
  await textMatches(give.getByTestId('feedback-sent'), /your answer about Priya Raghunathan is recorded/, 'thanked');
  assert.equal(await give.getByTestId('feedback-ask').count(), 0, 'nothing more to answer');
  assert.equal(called(calls, 'feedback_answer').length, 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a person's page: the requests for colleagues' feedback with who answered, the answers, and asking again (refused first)", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/staff/2' });
  const rows = page.getByTestId('request-row');
  await textMatches(rows.first().getByTestId('request-answered'), /4 of 4: .*✓/, 'who answered');
  await rows.first().getByTestId('request-open').click();
  const answers = page.getByTestId('answers-dialog');
  await textMatches(answers.getByTestId('response').first(), /would choose their service: \d of 5[\s\S]*(Met|Sometimes)/, 'each answer, standard by standard');
  await answers.getByLabel('Close').click();

  await page.getByTestId('ask-feedback').click();
  const form = page.getByTestId('ask-form');
  const boxes = form.getByTestId('ask-person');
  assert.equal(await form.locator('[data-testid="ask-person"]:checked').count(), 8, 'her internal customers, ticked');
  for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).uncheck();
  await form.getByTestId('ask-save').click();
  await textMatches(form.getByTestId('error-colleagueIds'), /.+/, 'under the people');
  await textMatches(form.getByTestId('error-closesOn'), /.+/, 'under the day, at the same time');

  for (const name of ['Aoife Ní Bhriain', 'Priya Raghunathan', 'Sam Carter']) await form.getByLabel(name).check();
  await form.getByTestId('field-purpose').fill('For the 2026 annual review');
  await form.getByTestId('field-closesOn').fill('2026-12-15');
  await form.getByTestId('ask-save').click();
  await textMatches(rows.first().getByTestId('request-answered'), /0 of 3: Aoife Ní Bhriain, Priya Raghunathan, Sam Carter/, 'the new request leads');
  assert.equal(called(calls, 'feedback_request_ask').length, 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the kiosk: Aoife hands in her self-review, refused first with nothing rated; the owner sees her rating under each of his', async () => {
  const fake = createFakeBackend({ kiosk: 'Aoife Ní Bhriain' });
  const { page, calls, errors } = await ui.open({ fake });
  const form = page.getByTestId('self-review-form');
  const criteria = form.getByTestId('self-criterion');
  await criteria.first().waitFor();
  const n = await criteria.count();
  assert.ok(n > 1, 'the criteria of her draft');
  await form.getByTestId('self-hand-in').click();
  for (let i = 0; i < n; i++) {
    await textMatches(form.getByTestId(`error-ratings.${i}.rating`), /or mark it N\/A, before handing it in/, `criterion ${i} is named`);
  }

  for (let i = 0; i < n; i++) await form.getByTestId(`self-rate-${i}-4`).check();
  await form.getByTestId('self-comment-0').fill('I set up the rooms before the first patient every day.');
  await form.getByTestId('self-hand-in').click();
  await textMatches(page.getByTestId('self-sent'), /Handed in/, 'handed in');
  await page.getByTestId('self-handed-in').waitFor();
  assert.equal(called(calls, 'self_review_save').length, 2);

  await page.getByTestId('kiosk-done').click();
  await page.getByTestId('account-1').click();
  await page.getByTestId('field-secret').fill('lakeside harbour');
  await page.getByTestId('sign-in').click();
  await page.getByTestId('nav-overview').waitFor();
  await page.evaluate(() => (location.hash = '#/evaluations/11'));
  await textMatches(page.getByTestId('self-review-on'), /Aoife Ní Bhriain handed in their self-review/, 'said at the top');
  await textMatches(page.getByTestId('self-0'), /Their own rating: 4 — “I set up the rooms/, 'beside the first rating');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the kiosk: Zoë sends an empty suggestion (refused), then one without her name; her signed ones and the board', async () => {
  const fake = createFakeBackend({ kiosk: 'Zoë Núñez' });
  const { page, calls, errors } = await ui.open({ fake });
  const form = page.getByTestId('suggestion-form');
  await textMatches(page.getByTestId('kiosk-my-suggestions'), /A second phone line/, 'her signed suggestion');
  await textMatches(page.getByTestId('kiosk-board'), /Laminated after-care cards[\s\S]*Adopted/, 'the board, without names');
  assert.doesNotMatch(await page.getByTestId('kiosk-board').innerText(), /Zoë|Priya|王芳/, 'no names on the board');
  await page.getByTestId('kiosk-board').getByTestId('board-open').waitFor();

  await form.getByTestId('suggestion-save').click();
  await textMatches(form.getByTestId('error-text'), /required/, 'under the text');

  await form.getByTestId('field-text').fill('A water jug and cups in the waiting room.');
  await form.getByTestId('suggestion-anonymous').check();
  await textMatches(form.getByTestId('anonymous-means'), /No name is kept with it[\s\S]*cannot hide who was signed in at this kiosk/, 'what it means, plainly');
  await form.getByTestId('suggestion-save').click();
  await textMatches(page.getByTestId('suggestion-sent'), /without your name/, 'sent');
  assert.deepEqual(called(calls, 'suggestion_submit')[1]?.args, { input: { text: 'A water jug and cups in the waiting room.', anonymous: true } });
  assert.deepEqual(errors, []);
  await page.close();
});

test('Suggestions: the owner decides one, refused first with no decision; who made each, or no name', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/overview' });
  await page.getByTestId('nav-suggestions').click();
  const rows = page.getByTestId('suggestion-row');
  await textMatches(rows.first(), /Music in the waiting room[\s\S]*No name[\s\S]*Not decided yet/, 'newest first, anonymous');
  await textMatches(rows.nth(1), /佐藤 健/, 'a signed one names its author');
  await rows.first().getByTestId('decide').click();
  const form = page.getByTestId('decide-form');
  await form.getByTestId('decide-save').click();
  await textMatches(form.getByTestId('error-decision'), /Choose what was decided/, 'under the decision');

  await form.getByTestId('field-decision').selectOption({ label: 'Trying it' });
  await form.getByTestId('field-outcome').fill('Trying it for a month from Monday.');
  await form.getByTestId('decide-save').click();
  await textMatches(rows.first(), /Trying it[\s\S]*Trying it for a month from Monday/, 'decided, with what came of it');
  assert.equal(called(calls, 'suggestion_decide').length, 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Suggestions from the window: the owner, with no staff record, is told why not; a manager on the staff sends one, signed, after an empty one is refused', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/suggestions' });
  await page.getByTestId('suggestion-row').first().waitFor();
  await textMatches(page.getByTestId('suggest-why-not'), /your account has no staff record/, 'said plainly');
  assert.equal(await page.getByTestId('make-suggestion').count(), 0, 'no button for the owner');

  // The owner adds Sam Carter as a manager with his staff record (as in flows.test.mjs); Sam signs in.
  await page.evaluate(() => (location.hash = '#/settings'));
  const manager = page.getByTestId('manager-form');
  await manager.getByTestId('field-staffId').locator('option', { hasText: 'Sam Carter' }).waitFor({ state: 'attached' });
  await manager.getByTestId('field-staffId').selectOption({ label: 'Sam Carter' });
  await manager.getByTestId('field-passphrase').fill('front desk mornings');
  await manager.getByTestId('field-confirm').fill('front desk mornings');
  await manager.getByTestId('add-manager').click();
  await textMatches(page.getByTestId('account-row').filter({ hasText: 'Passphrase (manager)' }), /Sam Carter/, 'added');
  await page.getByTestId('lock').click();
  await page.getByRole('button', { name: /Sam Carter\s+manager/ }).click();
  await page.getByTestId('field-secret').fill('front desk mornings');
  await page.getByTestId('sign-in').click();

  await page.getByTestId('nav-suggestions').click();
  await page.getByTestId('make-suggestion').click();
  const form = page.getByTestId('suggest-dialog').getByTestId('suggestion-form');
  await form.getByTestId('suggestion-save').click();
  await textMatches(form.getByTestId('error-text'), /required/, 'under the text');
  await form.getByTestId('suggestion-anonymous').check();
  await textMatches(form.getByTestId('anonymous-means'), /cannot hide who was signed in at this computer/, 'what it means here, plainly');
  assert.doesNotMatch(await form.innerText(), /kiosk|My suggestions/, 'nothing said of the kiosk');
  await form.getByTestId('suggestion-signed').check();
  await form.getByTestId('field-text').fill('A second set of appointment cards at the front desk for the afternoon shift.');
  await form.getByTestId('suggestion-save').click();
  await textMatches(page.getByTestId('suggestion-row').first(), /A second set of appointment cards[\s\S]*Sam Carter/, 'listed first, in his name');
  assert.equal(await page.getByTestId('suggest-dialog').getByTestId('suggestion-form').count(), 0, 'the dialog closed');
  assert.deepEqual(called(calls, 'suggestion_submit')[1]?.args, { input: { text: 'A second set of appointment cards at the front desk for the afternoon shift.', anonymous: false } });
  assert.deepEqual(errors, []);
  await page.close();
});

test("the kiosk: Zoë's check-ins, the shared part only (never the manager's notes)", async () => {
  const fake = createFakeBackend({ kiosk: 'Zoë Núñez' });
  const { page, errors } = await ui.open({ fake });
  const list = page.getByTestId('kiosk-check-ins');
  await textMatches(list.getByTestId('kiosk-check-in').first(), /with Margaret O'Neill[\s\S]*Agreed[\s\S]*Keep the shared task list/, 'what was agreed, and with whom');
  assert.doesNotMatch(await list.innerText(), /Ready for more responsibility/, "never the manager's notes");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a person's page: check-ins newest first, which part is shared; one refused under its fields with what was typed kept, then recorded and corrected", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/staff/2' });
  const list = page.getByTestId('check-ins');
  const items = list.getByTestId('check-in');
  await textMatches(items.first(), /2026-11-02[\s\S]*held by Margaret O'Neill[\s\S]*next on 2027-02-01/, 'the newest first: when, who held it, the next date');
  await textMatches(items.first(), /Shared with Zoë Núñez at the kiosk[\s\S]*Agreed[\s\S]*Keep the shared task list/, 'what she sees at the kiosk, said so');
  await textMatches(items.first().getByTestId('check-in-notes'), /Ready for more responsibility/, "the manager's notes, apart");
  assert.equal(await items.count(), 4);

  await page.getByTestId('record-check-in').click();
  const form = page.getByTestId('check-in-form');
  await form.getByTestId('field-heldOn').fill('2026-11-24');
  await form.getByTestId('field-notes').fill('');
  await form.getByTestId('check-in-save').click();
  await textMatches(form.getByTestId('error-heldOn'), /cannot be in the future/, 'under the day');
  await textMatches(form.getByTestId('error-topics'), /Write what was talked about/, 'under the topics, at the same time');
  assert.equal(await form.getByTestId('field-heldOn').inputValue(), '2026-11-24', 'the day typed is kept');

  await form.getByTestId('field-heldOn').fill('2026-11-23');
  assert.equal(await form.getByTestId('error-heldOn').count(), 0, 'the message goes once the day is changed');
  await form.getByTestId('field-topics').fill('The new phone system; covering reception at lunch.');
  await form.getByTestId('field-agreed').fill('Take the second line from 12 to 1 on Tuesdays.');
  await form.getByTestId('field-tips').fill('Tell the clinical team when a patient is waiting on a callback.');
  await form.getByTestId('field-nextOn').fill('2027-02-22');
  await form.getByTestId('field-notes').fill('Ready to train the new receptionist in the spring.');
  await form.getByTestId('check-in-save').click();
  await textMatches(items.first(), /2026-11-23[\s\S]*held by Dr. Ana Patel[\s\S]*next on 2027-02-22[\s\S]*Talked about[\s\S]*The new phone system/, 'recorded, and listed first');
  assert.equal(await items.count(), 5);

  await items.first().getByTestId('edit-check-in').click();
  assert.equal(await form.getByTestId('field-tips').inputValue(), 'Tell the clinical team when a patient is waiting on a callback.', 'the form opens with what was recorded');
  await form.getByTestId('field-agreed').fill('Take the second line from 12 to 1 on Tuesdays and Thursdays.');
  await form.getByTestId('check-in-save').click();
  await textMatches(items.first(), /Tuesdays and Thursdays/, 'corrected');
  assert.equal(called(calls, 'check_in_record').length, 2);
  assert.equal(called(calls, 'check_in_update').length, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a person's page: deleting a check-in asks first", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/staff/2' });
  const items = page.getByTestId('check-ins').getByTestId('check-in');
  await textMatches(items.last(), /^2026-02-02 · held by/, 'the oldest, last');
  await items.last().getByTestId('delete-check-in').click();
  await page.getByTestId('confirm-cancel').click();
  assert.equal(called(calls, 'check_in_delete').length, 0, 'nothing sent before the confirmation');
  await items.last().getByTestId('delete-check-in').click();
  await page.getByTestId('confirm-ok').click();
  await countIs(items, 3, 'one fewer');
  await textMatches(items.last(), /^2026-05-04 · held by/, 'the one after it is now the oldest');
  assert.deepEqual(errors, []);
  await page.close();
});
