// The kiosk's thank-you form names any standard in force, not only the
// signed-in person's own. Same harness as flows.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textMatches, uiInChromium } from './app.mjs';
import { createFakeBackend, TODAY } from './fake-backend.mjs';

const ui = uiInChromium();

test("the kiosk: a thank-you naming a standard that binds the colleague, not Zoë; refused first with nobody and nothing", async () => {
  const fake = createFakeBackend({ kiosk: 'Zoë Núñez' });
  const { page, calls, errors } = await ui.open({ fake });
  const form = page.getByTestId('kiosk-thanks').getByTestId('thanks-form');
  const options = form.getByTestId('field-standardId').locator('option');
  await options.nth(1).waitFor({ state: 'attached' });
  assert.equal(await options.count(), 8, 'none in particular, and the seven standards in force');

  await form.getByTestId('thanks-save').click();
  await textMatches(form.getByTestId('error-staffIds'), /.+/, 'under whom');
  await textMatches(form.getByTestId('error-what'), /.+/, 'under what, at the same time');

  await form.getByLabel('Aoife Ní Bhriain').check();
  await form.getByTestId('field-what').fill('Told us the moment the schedule slipped, so nobody waited unawares.');
  await form.getByTestId('field-standardId').selectOption({ label: 'Let the front desk know as soon as the schedule is running late.' });
  await form.getByTestId('thanks-save').click();
  await textMatches(page.getByTestId('thanks-sent'), /Aoife Ní Bhriain/, 'sent');
  const sent = calls.filter((c) => c.cmd === 'recognition_give');
  assert.deepEqual(sent[1]?.args, {
    input: { staffIds: [6], what: 'Told us the moment the schedule slipped, so nobody waited unawares.', standardId: 7, happenedOn: TODAY },
  });
  assert.deepEqual(errors, []);
  await page.close();
});
