// Service between colleagues: thank-yous in the window and at the kiosk, and
// the kiosk's certificate upload. Same harness as flows.test.mjs: the built UI
// in Chromium against the core's recorded answers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { called, countIs, eventually, textMatches, uiInChromium } from './app.mjs';
import { createFakeBackend, TODAY } from './fake-backend.mjs';

const ui = uiInChromium();

/** The demo's thank-yous, as the core lists them for the owner. */
const DEMO_THANKS = 11;

test('thank-yous: the owner thanks two people found by typing, naming a standard; it leads the list and shows on their page', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/overview' });
  await page.getByTestId('nav-thanks').click();
  await countIs(page.getByTestId('thanks-row'), DEMO_THANKS, "the demo's thank-yous");

  await page.getByTestId('say-thanks').click();
  const form = page.getByTestId('thanks-form');
  const boxes = form.locator('label.check:visible');
  const everyone = await boxes.count();
  assert.ok(everyone >= 10, `everyone who has not left is offered (${everyone})`);
  await form.getByTestId('thanks-find').fill('aoife');
  await countIs(boxes, 1, 'typing a name leaves only the people it matches');
  await form.getByLabel('Aoife Ní Bhriain').check();
  // Accents or not: "lukasz" finds Łukasz Żółć; the one already ticked stays in view.
  await form.getByTestId('thanks-find').fill('lukasz');
  await countIs(boxes, 2, 'the match, and the person already ticked');
  await form.getByLabel('Łukasz Żółć').check();
  await textMatches(form.getByTestId('thanks-chosen'), /Thanking Aoife Ní Bhriain and Łukasz Żółć/, 'whom it thanks, in words');

  await form.getByTestId('field-what').fill('Stayed after hours to set up the new X-ray sensor for the morning.');
  await form.getByTestId('field-standardId').selectOption({ label: "Acknowledge a colleague's request and say when it will be done." });
  assert.equal(await form.getByTestId('field-happenedOn').inputValue(), TODAY, 'the day defaults to today');
  await form.getByTestId('field-happenedOn').fill('2026-11-20');
  await form.getByTestId('thanks-save').click();

  await countIs(page.getByTestId('thanks-row'), DEMO_THANKS + 1, 'the new thank-you is listed');
  const first = page.getByTestId('thanks-row').first();
  const text = await first.innerText();
  assert.match(text, /Aoife Ní Bhriain and Łukasz Żółć/, 'newest first, naming both');
  assert.match(text, /2026-11-20/, "the day, in the practice's format");
  assert.match(text, /X-ray sensor/);
  assert.match(text, /Shows the standard “Acknowledge a colleague's request/);
  assert.match(text, /From Dr\. Ana Patel/, "in the signed-in person's name");
  assert.deepEqual(called(calls, 'recognition_give')[0]?.args.input, {
    staffIds: [6, 5],
    what: 'Stayed after hours to set up the new X-ray sensor for the morning.',
    standardId: 5,
    happenedOn: '2026-11-20',
  });

  await first.getByTestId('certificate-save').click();
  await eventually(() => Promise.resolve(called(calls, 'print_save').length), (n) => n === 1, 'the certificate is printed');
  assert.deepEqual(called(calls, 'print_save')[0]?.args.request, { document: 'recognition', id: 12 });

  await first.getByRole('link', { name: 'Aoife Ní Bhriain' }).click();
  await textMatches(page.getByTestId('person-name'), /Aoife Ní Bhriain/, 'her page, from her name');
  await textMatches(page.getByTestId('person-thanks'), /From Dr\. Ana Patel[\s\S]*X-ray sensor[\s\S]*With Łukasz Żółć/, 'the thank-you on her page, with whom else it thanks');
  assert.deepEqual(errors, []);
  await page.close();
});

test('thank-yous: nobody chosen, nothing said and a day not come yet are each refused under their field, at once', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/thanks' });
  await page.getByTestId('say-thanks').click();
  const form = page.getByTestId('thanks-form');
  await form.getByTestId('field-happenedOn').fill('2026-11-24');
  await form.getByTestId('thanks-save').click();

  await textMatches(form.getByTestId('error-staffIds'), /Choose whom to thank/, 'under the people');
  await textMatches(form.getByTestId('error-what'), /What happened is required/, 'under the text');
  await textMatches(form.getByTestId('error-happenedOn'), /cannot be in the future/, 'under the day');
  assert.equal(called(calls, 'recognition_give').length, 1, 'one refusal named every field');
  assert.equal(await form.getByTestId('field-what').getAttribute('aria-invalid'), 'true');
  assert.equal(await form.getByTestId('field-happenedOn').inputValue(), '2026-11-24', 'what was typed stays');
  assert.equal(await form.getByTestId('form-error').count(), 0, 'no banner: every message is under its field');

  await form.getByLabel('Zoë Núñez').check();
  await countIs(form.getByTestId('error-staffIds'), 0, 'choosing someone clears the message under the people');
  assert.equal(await form.getByTestId('error-what').count(), 1, 'the others stay until their own field changes');
  assert.deepEqual(errors, []);
  await page.close();
});

test('thank-yous: Delete asks first; Cancel keeps the thank-you', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/thanks' });
  const rows = page.getByTestId('thanks-row');
  await countIs(rows, DEMO_THANKS, 'listed');
  const first = rows.first();
  assert.equal(await first.getAttribute('data-id'), '9');

  await first.getByTestId('delete-thanks').click();
  await page.getByTestId('confirm-cancel').click();
  await countIs(rows, DEMO_THANKS, 'kept');
  assert.equal(called(calls, 'recognition_delete').length, 0, 'nothing sent before the confirmation');

  await first.getByTestId('delete-thanks').click();
  await page.getByTestId('confirm-ok').click();
  await countIs(rows, DEMO_THANKS - 1, 'deleted');
  assert.deepEqual(called(calls, 'recognition_delete')[0]?.args, { id: 9 });
  assert.deepEqual(errors, []);
  await page.close();
});

test("the kiosk: the office's thank-you reaches Zoë's wall; she thanks a colleague, and hides hers from the wall", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/staff/2' });
  // Her page: whom she serves, then "Say thank you" with her chosen.
  await textMatches(page.getByTestId('customer-roles'), /Billing coordinator/, 'the roles the receptionist serves');
  await page.getByTestId('customer-people').getByRole('link', { name: 'Aoife Ní Bhriain' }).waitFor();
  await page.getByTestId('say-thanks-person').click();
  const form = page.getByTestId('thanks-form');
  await form.waitFor();
  assert.equal(await form.getByLabel('Zoë Núñez').isChecked(), true, 'she is chosen');
  await form.getByTestId('field-what').fill('Calmed a frightened child before her first filling.');
  await form.getByTestId('thanks-save').click();
  await countIs(page.getByTestId('thanks-row'), DEMO_THANKS + 1, 'given');

  // Later, Zoë at the kiosk.
  await page.getByTestId('lock').click();
  await page.getByRole('button', { name: 'Zoë Núñez' }).click();
  await page.getByTestId('field-secret').fill('1234');
  await page.getByTestId('sign-in').click();
  const wall = page.getByTestId('kiosk-wall');
  const entries = wall.getByTestId('wall-entry');
  await countIs(entries, 3, 'the wall: the demo’s recent two, and hers');
  const hers = entries.filter({ hasText: 'Calmed a frightened child' });
  assert.equal(await hers.getByTestId('wall-hide').innerText(), 'Hide from the wall', 'one about her may be hidden');
  assert.equal(await wall.getByTestId('wall-hide').count(), 1, 'only the one about her');
  assert.equal(await wall.getByTestId('certificate-save').count(), 0, 'no certificates of other people’s thank-yous');
  await textMatches(page.getByTestId('kiosk-my-thanks'), /From Dr\. Ana Patel[\s\S]*Calmed a frightened child/, 'hers, with the others she received');
  assert.equal(await page.getByTestId('kiosk-my-thanks').getByTestId('certificate-save').count(), 3, 'each hers to print');
  await textMatches(page.getByTestId('kiosk-customers'), /Billing coordinator, Dental assistant, Dental hygienist and Dentist/, 'whom she serves');

  // She thanks a colleague, found by typing without accents.
  const say = page.getByTestId('kiosk-thanks');
  await say.getByTestId('thanks-find').fill('nguyen');
  await say.getByLabel('Nguyễn Văn Anh').check();
  assert.equal(await say.getByLabel('Zoë Núñez').count(), 0, 'nobody thanks themselves');
  await say.getByTestId('field-what').fill('Took my calls while I helped a patient fill in her forms.');
  await say.getByTestId('field-standardId').selectOption({ label: 'Answer every call with the practice name and your own name, before the third ring.' });
  await say.getByTestId('thanks-save').click();
  await textMatches(say.getByTestId('thanks-sent'), /to Nguyễn Văn Anh is on the wall/, 'sent');
  await countIs(entries, 4, 'on the wall');
  assert.match(await entries.first().innerText(), /Nguyễn Văn Anh[\s\S]*Took my calls[\s\S]*From Zoë Núñez/, 'newest first, in her name');
  assert.deepEqual(called(calls, 'recognition_give')[1]?.args.input, {
    staffIds: [3],
    what: 'Took my calls while I helped a patient fill in her forms.',
    standardId: 1,
    happenedOn: TODAY,
  });
  assert.equal(await say.getByTestId('field-what').inputValue(), '', 'the form is empty for the next');

  await hers.getByTestId('wall-hide').click();
  await textMatches(hers.getByTestId('wall-hide'), /^Show on the wall$/, 'hidden, and may be shown again');
  await textMatches(hers.getByTestId('thanks-note'), /Hidden from the wall/, 'marked for her');
  assert.deepEqual(called(calls, 'recognition_hide')[0]?.args, { id: 12, hidden: true });
  await textMatches(page.getByTestId('kiosk-my-thanks'), /Hidden from the wall/, 'her own list says so too');

  // Back at the window, the owner sees who hid it; the thank-you itself stays.
  await page.getByTestId('kiosk-done').click();
  await page.getByTestId('account-1').click();
  await page.getByTestId('field-secret').fill('lakeside harbour');
  await page.getByTestId('sign-in').click();
  await page.getByTestId('nav-thanks').click();
  const given = page.getByTestId('thanks-row').filter({ hasText: 'Calmed a frightened child' });
  await textMatches(given.getByTestId('thanks-note'), /Hidden from the kiosk's wall by Zoë Núñez/, 'the office knows she hid it');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the kiosk: training logged with its certificate file; a file too big is refused at its field', async () => {
  const fake = createFakeBackend({ kiosk: 'Zoë Núñez' });
  const { page, calls, errors } = await ui.open({ fake });
  const log = page.getByTestId('kiosk-log');
  await log.getByTestId('field-courseId').selectOption({ label: 'Telephone courtesy' });

  await log.getByTestId('field-certificate').setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(5 * 1024 * 1024 + 1) });
  await page.getByTestId('kiosk-log-save').click();
  await textMatches(log.getByTestId('error-certificate'), /at most 5 MB/, 'the size limit, under the file input');
  assert.equal(called(calls, 'training_log').length, 0, 'nothing sent');

  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await log.getByTestId('field-certificate').setInputFiles({ name: 'phone-course.png', mimeType: 'image/png', buffer: png });
  await page.getByTestId('kiosk-log-save').click();
  await textMatches(page.getByTestId('kiosk-notice'), /Logged Telephone courtesy .*with its certificate/, 'logged, with the file');
  const sent = /** @type {any} */ (called(calls, 'training_log')[0]?.args.input);
  assert.deepEqual(sent.certificate, { fileName: 'phone-course.png', dataBase64: png.toString('base64') });
  assert.equal(sent.staffId, 2, 'her own record');
  assert.equal(await log.getByTestId('field-certificate').inputValue(), '', 'the file input is emptied for the next');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the Thank-yous screen, its form, and the kiosk fit the 900×600 minimum window', async () => {
  /** @param {import('playwright-core').Page} page @param {string} where */
  const fits = async (page, where) => {
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('.content, .content *, .sidebar, .kiosk, .kiosk *, dialog[open] *')]
        .filter((e) => !e.classList.contains('visually-hidden') && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    );
    assert.deepEqual(cut, [], `${where}: something is wider than its box`);
  };
  for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
    const app = await ui.open({ hash: '#/thanks', colorScheme });
    await app.page.setViewportSize({ width: 900, height: 600 });
    await app.page.getByTestId('thanks-row').first().waitFor();
    await fits(app.page, `Thank-yous (${colorScheme})`);
    await app.page.getByTestId('say-thanks').click();
    await app.page.getByTestId('thanks-form').waitFor();
    await fits(app.page, `Say thank you (${colorScheme})`);
    assert.deepEqual(app.errors, []);
    await app.page.close();

    const kiosk = await ui.open({ fake: createFakeBackend({ kiosk: 'Zoë Núñez' }), colorScheme });
    await kiosk.page.setViewportSize({ width: 900, height: 600 });
    await kiosk.page.getByTestId('wall-entry').first().waitFor();
    await fits(kiosk.page, `the kiosk (${colorScheme})`);
    assert.deepEqual(kiosk.errors, []);
    await kiosk.page.close();
  }
});
