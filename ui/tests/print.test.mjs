// The print dialog (File → Print…, Ctrl+P, and the Print… button beside Save
// PDF… and Open PDF): this computer's printers with the default chosen, the
// copies, what is sent, and what a refusal or a computer that cannot print
// looks like. The printers are the fake's (`PRINTERS`); what the core refuses
// is each test's override, in the core's words (src/printers.rs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { called, eventually, textMatches, uiInChromium } from './app.mjs';
import { createFakeBackend, PRINTERS } from './fake-backend.mjs';

const ui = uiInChromium();

/** @param {import('playwright-core').Page} page */
const dialogOpen = (page) =>
  page.evaluate(() => document.querySelector(`dialog[data-testid="print-dialog"]`)?.hasAttribute('open') ?? false);

/** @param {import('playwright-core').Page} page the test id of what has the focus */
const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

const TRANSCRIPT = { document: 'transcript', staffId: 2 };

test('Ctrl+P: the default printer chosen, one copy, the focus on the printer; Enter prints the page’s document', async () => {
  const { page, calls, errors, fake } = await ui.open({ hash: '#/staff/2' });
  await page.getByTestId('transcript-save').waitFor();
  await page.getByTestId('transcript-save').focus();
  await page.keyboard.press('Control+p');
  const dialog = page.getByTestId('print-dialog');
  await dialog.getByTestId('print-printer').waitFor();
  assert.equal(await dialog.getByRole('heading', { level: 2 }).textContent(), 'Print transcript');
  assert.equal(await dialog.getByTestId('print-printer').inputValue(), 'Front_Desk', 'the default, chosen');
  assert.deepEqual(await dialog.getByTestId('print-printer').locator('option').allTextContents(), ['Front_Desk (default)', 'Back_Office_Laser']);
  assert.equal(await dialog.getByTestId('print-copies').inputValue(), '1');
  await eventually(() => focused(page), (f) => f === 'print-printer', 'the focus starts on the printer');
  assert.equal(called(calls, 'printers_list').length, 1, 'the printers asked for as the dialog opens');

  await page.keyboard.press('Enter');
  await textMatches(dialog.getByTestId('print-done'), /^Sent to Front_Desk \(job Front_Desk-41\)$/, 'the confirmation, with the print queue’s job');
  assert.deepEqual(called(calls, 'print_send').map((c) => c.args), [{ request: TRANSCRIPT, printer: 'Front_Desk', copies: 1 }]);
  assert.deepEqual(fake.state.printed.length, 1);
  assert.equal(await dialog.getByTestId('print-done-warnings').count(), 0, 'nothing it could not draw');
  await eventually(() => focused(page), (f) => f === 'print-close', 'the focus on Close');
  await page.keyboard.press('Enter');
  await eventually(() => dialogOpen(page), (o) => !o, 'closed');
  assert.equal(await focused(page), 'transcript-save', 'the focus back where it was');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the Print… button: the printer and copies chosen are sent, and what the PDF could not draw is shown', async () => {
  const warning = 'Zoë Núñez, Strengths: “Speaks 𝔉𝔯𝔞𝔨𝔱𝔲𝔯 to patients”';
  const { page, calls, errors } = await ui.open({
    hash: '#/staff/2',
    overrides: { print_send: ({ printer }) => ({ printer, job: `${printer}-7`, warnings: [warning] }) },
  });
  await page.getByTestId('transcript-to-printer').click();
  const dialog = page.getByTestId('print-dialog');
  await dialog.getByTestId('print-printer').selectOption('Back_Office_Laser');
  await dialog.getByTestId('print-copies').fill('3');
  await dialog.getByTestId('print-send').click();
  await textMatches(dialog.getByTestId('print-done'), /^Sent to Back_Office_Laser \(job Back_Office_Laser-7\)$/, 'sent');
  assert.deepEqual(called(calls, 'print_send').map((c) => c.args), [{ request: TRANSCRIPT, printer: 'Back_Office_Laser', copies: 3 }]);
  const warned = dialog.getByTestId('print-done-warnings');
  assert.match(await warned.innerText(), /The PDF was made, but one line has characters no font here can print/);
  assert.deepEqual(await warned.locator('li').allTextContents(), [warning]);
  await dialog.getByTestId('print-close').click();
  await eventually(() => dialogOpen(page), (o) => !o, 'closed');
  assert.deepEqual(errors, []);
  await page.close();
});

test('refusals: the copies under Copies, a printer gone under Printer, the spooler’s in the banner; the input kept', async () => {
  const { page, calls, errors } = await ui.open({
    hash: '#/staff/2',
    overrides: {
      print_send: ({ printer, copies }) => {
        if (Number(copies) > 20) throw { code: 'invalid', field: 'copies', message: 'Copies must be a whole number from 1 to 20' };
        if (printer === 'Back_Office_Laser')
          throw { code: 'invalid', field: 'printer', message: 'There is no printer called "Back_Office_Laser" on this computer (any more); choose one from the list' };
        throw { code: 'io', message: 'The printer Front_Desk refused the document (Destination "Front_Desk" is not accepting jobs.); nothing was printed' };
      },
    },
  });
  await page.getByTestId('transcript-save').waitFor();
  await page.keyboard.press('Control+p');
  const dialog = page.getByTestId('print-dialog');
  const copies = dialog.getByTestId('print-copies');
  await copies.fill('25');
  await copies.press('Enter');
  await textMatches(dialog.getByTestId('error-copies'), /^Copies must be a whole number from 1 to 20$/, 'under Copies');
  assert.equal(await copies.getAttribute('aria-invalid'), 'true');
  assert.equal(await copies.getAttribute('aria-describedby'), await dialog.getByTestId('error-copies').getAttribute('id'), 'tied to its field');
  assert.equal(await focused(page), 'print-copies', 'the focus on the field to fix');
  assert.equal(await copies.inputValue(), '25', 'what was typed, kept');
  assert.equal(await dialog.getByTestId('print-done').count(), 0);

  // Not a whole number: the command could not even be asked.
  await copies.fill('2.5');
  await dialog.getByTestId('print-send').click();
  await textMatches(dialog.getByTestId('error-copies'), /^Copies must be a whole number$/, 'said here');
  assert.equal(called(calls, 'print_send').length, 1, 'not sent');

  await copies.fill('2');
  await dialog.getByTestId('print-printer').selectOption('Back_Office_Laser');
  await dialog.getByTestId('print-send').click();
  await textMatches(dialog.getByTestId('error-printer'), /^There is no printer called "Back_Office_Laser"/, 'under Printer');
  assert.equal(await dialog.getByTestId('error-copies').count(), 0, 'the copies’ message gone');

  await dialog.getByTestId('print-printer').selectOption('Front_Desk');
  await dialog.getByTestId('print-send').click();
  await textMatches(dialog.getByTestId('form-error'), /^Not printed\. The printer Front_Desk refused the document/, 'the spooler’s refusal, in the banner');
  assert.equal(await dialog.getByTestId('error-printer').count(), 0);
  assert.equal(await dialogOpen(page), true, 'still open, to try again');
  await dialog.getByTestId('print-cancel').click();
  await eventually(() => dialogOpen(page), (o) => !o, 'Cancel closes it');
  assert.deepEqual(errors, []);
  await page.close();
});

test('no printer set up: said, with Save PDF… and Open PDF right there', async () => {
  const { page, calls, errors } = await ui.open({
    hash: '#/staff/2',
    fake: createFakeBackend({ printers: { names: [], default: null } }),
  });
  await page.getByTestId('transcript-save').waitFor();
  await page.keyboard.press('Control+p');
  const dialog = page.getByTestId('print-dialog');
  await textMatches(dialog.getByTestId('print-unavailable'), /^No printer is set up on this computer/, 'said');
  assert.equal(await dialog.getByTestId('print-printer').count(), 0, 'nothing to choose');
  assert.equal(await dialog.getByTestId('print-dialog-save').textContent(), 'Save transcript…');
  assert.equal(await dialog.getByTestId('print-dialog-open').textContent(), 'Open transcript');
  await eventually(() => focused(page), (f) => f === 'print-dialog-save', 'the focus on Save');
  await page.keyboard.press('Enter');
  await eventually(() => dialogOpen(page), (o) => !o, 'the dialog closes');
  await textMatches(page.getByTestId('notice'), /^Saved .*review\.pdf$/, 'saved, as the page’s own button says');
  assert.deepEqual(called(calls, 'print_save').map((c) => c.args.request), [TRANSCRIPT]);
  assert.equal(called(calls, 'print_send').length, 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('no printing system on this computer: the shell’s words, and Open PDF instead', async () => {
  /** @type {import('../src/lib/bindings.js').ErrorPayload} */
  const none = { code: 'io', message: 'This computer has no printing system (CUPS) to print with: use Save PDF… or Open PDF and print from there' };
  const { page, calls, errors, fake } = await ui.open({ hash: '#/overview', fake: createFakeBackend({ printers: none }) });
  await page.getByTestId('compliance-to-printer').click();
  const dialog = page.getByTestId('print-dialog');
  await textMatches(dialog.getByTestId('print-unavailable'), /^This computer has no printing system \(CUPS\)/, 'said as the shell says it');
  assert.equal(await dialog.getByRole('heading', { level: 2 }).textContent(), 'Print compliance report');
  await dialog.getByTestId('print-dialog-open').click();
  await eventually(() => dialogOpen(page), (o) => !o, 'closed');
  await eventually(async () => called(calls, 'print_open').length, (n) => n === 1, 'opened in the viewer');
  assert.deepEqual(called(calls, 'print_open')[0]?.args.request, { document: 'compliance' });
  assert.equal(fake.state.printed.length, 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('one certificate among many prints from its own Print…; Escape cancels, nothing sent', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/thanks' });
  const button = page.getByTestId('certificate-to-printer').first();
  await button.waitFor();
  assert.equal(await button.textContent(), 'Print certificate…');
  await button.click();
  const dialog = page.getByTestId('print-dialog');
  await dialog.getByTestId('print-printer').waitFor();
  assert.equal(await dialog.getByRole('heading', { level: 2 }).textContent(), 'Print certificate');
  await page.keyboard.press('Escape');
  await eventually(() => dialogOpen(page), (o) => !o, 'Escape cancels');
  assert.equal(called(calls, 'print_send').length, 0, 'nothing sent');

  await button.click();
  await dialog.getByTestId('print-copies').fill('2');
  await dialog.getByTestId('print-copies').press('Enter');
  await dialog.getByTestId('print-done').waitFor();
  const sent = called(calls, 'print_send')[0]?.args ?? {};
  assert.equal(/** @type {{ document: string }} */ (sent.request).document, 'recognition', 'that certificate');
  assert.deepEqual([sent.printer, sent.copies], [PRINTERS.default, 2]);
  assert.deepEqual(errors, []);
  await page.close();
});
