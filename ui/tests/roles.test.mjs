// Job roles: the dialog that adds and edits one, and whom each role serves
// (its internal customers). Same harness as flows.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { called, countIs, eventually, textMatches, uiInChromium } from './app.mjs';

const ui = uiInChromium();

test('job roles: Enter saves the form in the dialog, Escape closes it', async () => {
  const { page } = await ui.open({ hash: '#/roles' });
  await countIs(page.getByTestId('role-row'), 6, 'the demo roles');
  await page.getByTestId('add-role').click();
  await page.getByTestId('field-name').fill('Sterilisation technician');
  await page.getByTestId('role-form').getByLabel('Patient privacy (HIPAA)').check();
  await page.getByTestId('field-name').press('Enter');
  await countIs(page.getByTestId('role-row'), 7, 'added');
  assert.match(await page.getByTestId('role-row').filter({ hasText: 'Sterilisation technician' }).innerText(), /Patient privacy/);

  await page.getByTestId('add-role').click();
  await page.getByTestId('role-dialog').getByTestId('field-name').waitFor();
  await page.keyboard.press('Escape');
  await eventually(() => page.getByTestId('role-dialog').evaluate((d) => /** @type {HTMLDialogElement} */ (d).open), (o) => o === false, 'closed');
  await page.close();
});

test("job roles: a role's internal customers are saved and listed", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/roles' });
  const billing = page.getByTestId('role-row').filter({ hasText: 'Billing coordinator' });
  await textMatches(billing.getByTestId('role-serves'), /^Office manager, Receptionist$/, 'whom it serves now');

  await billing.getByRole('button', { name: 'Edit Billing coordinator' }).click();
  const customers = page.getByTestId('role-customers');
  await customers.getByLabel('Office manager').waitFor();
  assert.equal(await customers.getByTestId('customer-role').count(), 6, 'every role, this one included');
  assert.match(await customers.innerText(), /Billing coordinator \(this role/, 'the role itself is offered');
  assert.equal(await customers.getByLabel('Receptionist').isChecked(), true, 'what it serves is ticked');
  await customers.getByLabel('Dental assistant').check();
  await page.getByTestId('role-form').getByTestId('save').click();

  await textMatches(billing.getByTestId('role-serves'), /^Dental assistant, Office manager, Receptionist$/, 'saved and listed');
  const sent = /** @type {any} */ (called(calls, 'role_update')[0]?.args);
  assert.deepEqual(sent.input.customerIds, [4, 1, 2]);
  assert.equal(sent.input.name, 'Billing coordinator', 'the rest of the role as it was');
  assert.deepEqual(errors, []);
  await page.close();
});
