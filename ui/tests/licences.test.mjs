// Licences and certifications: where a person stands with each and their
// continuing education, on their page and at the kiosk; recording, renewing
// and checking licences; the kinds of licence in the catalog and the ones a
// job role requires. Same harness as flows.test.mjs: the built UI in
// Chromium against the core's recorded answers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { called, countIs, eventually, textMatches, uiInChromium } from './app.mjs';
import { createFakeBackend, TODAY } from './fake-backend.mjs';

const ui = uiInChromium();

/** The scans the tests upload: a 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** The demo's licence types, by name. */
const HYGIENIST = 2;
const RADIOGRAPHY = 3;
const CPR = 4;

/** A person's status row for one licence type. @param {import('playwright-core').Page | import('playwright-core').Locator} page @param {number} type */
const statusRow = (page, type) => page.locator(`[data-testid="licence-status-row"][data-type="${type}"]`);

test("a person's page: 王芳's hygienist licence is due soon with hours short; renewed with its scan, it is current and the hours count in the new cycle", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/staff/4' });
  const panel = page.getByTestId('person-licences');
  const hygienist = statusRow(panel, HYGIENIST);
  await eventually(() => hygienist.getAttribute('data-state'), (s) => s === 'due_soon', 'due soon');
  assert.match(await hygienist.innerText(), /Dental hygienist licence[\s\S]*No\. DHL-000102[\s\S]*Due soon[\s\S]*2026-12-29[\s\S]*36 days left/, 'the state and expiry in words');
  await textMatches(hygienist.getByTestId('licence-ce-words'), /^18\.5 of 25 hours, 4 of 2 in infection control, cycle ends 2026-12-29$/, 'the hours in the cycle, in words');
  assert.match(await hygienist.getByTestId('licence-ce').innerText(), /Hours still to do/, 'short, said in words and not by colour only');
  const bar = hygienist.getByRole('progressbar');
  assert.equal(await bar.getAttribute('aria-valuenow'), '18.5');
  assert.equal(await bar.getAttribute('aria-valuemax'), '25');
  assert.match((await bar.getAttribute('aria-valuetext')) ?? '', /18\.5 of 25 hours/, 'the bar reads as its words');
  assert.equal(await statusRow(panel, CPR).getAttribute('data-state'), 'current');

  const rows = panel.getByTestId('licence-row');
  await countIs(rows, 2, 'her two licences');
  assert.equal(await panel.getByTestId('renew-licence').count(), 2, 'each licence that counts may be renewed');
  await panel.getByRole('button', { name: 'Renew Dental hygienist licence' }).click();
  const form = page.getByTestId('licence-form');
  await textMatches(page.getByTestId('licence-dialog').locator('h2'), /^Renew Dental hygienist licence$/, 'the dialog says what it renews');
  assert.equal(await form.getByTestId('field-typeId').inputValue(), String(HYGIENIST), 'prefilled: the kind');
  assert.equal(await form.getByTestId('field-number').inputValue(), 'DHL-000102', 'prefilled: the number');
  assert.equal(await form.getByTestId('field-issuingBody').inputValue(), 'State Board of Dental Examiners', 'prefilled: the issuer');
  assert.equal(await form.getByTestId('field-issuedOn').inputValue(), TODAY, 'issued today, unless changed');
  assert.equal(await form.getByTestId('field-expiresOn').inputValue(), '', 'the new expiry is for the office to type');
  assert.match(await form.getByTestId('renewal-note').innerText(), /the one expiring 2026-12-29 stays in the history/);
  assert.equal(await form.getByLabel('Expires on').evaluate((e) => e.getAttribute('data-testid')), 'field-expiresOn', 'the label is tied to its input');

  await form.getByTestId('field-expiresOn').fill('2028-12-29');
  await form.getByTestId('field-scan').setInputFiles({ name: 'hygienist-licence-2028.png', mimeType: 'image/png', buffer: PNG });
  await form.getByTestId('licence-save').click();

  await eventually(() => hygienist.getAttribute('data-state'), (s) => s === 'current', 'current once renewed');
  assert.match(await hygienist.innerText(), /2028-12-29[\s\S]*767 days left/, 'the new expiry');
  await textMatches(hygienist.getByTestId('licence-ce-words'), /^0 of 25 hours, 0 of 2 in infection control, cycle ends 2028-12-29$/, 'the continuing education of the new cycle');
  await countIs(rows, 3, 'the renewal is a new licence; the old one stays');
  assert.deepEqual(called(calls, 'licence_record')[0]?.args.input, {
    staffId: 4,
    typeId: HYGIENIST,
    number: 'DHL-000102',
    issuingBody: 'State Board of Dental Examiners',
    issuedOn: TODAY,
    expiresOn: '2028-12-29',
    notes: '',
    scan: { fileName: 'hygienist-licence-2028.png', dataBase64: PNG.toString('base64') },
    removeScan: false,
  });
  const old = rows.filter({ hasText: '2026-12-29' });
  assert.equal(await old.getByTestId('renew-licence').count(), 0, 'the old one is renewed already: only the new one may be');
  assert.equal(await old.getByTestId('view-scan').count(), 0, 'it had no scan');

  await panel.getByTestId('view-scan').click();
  const img = page.locator('dialog[open] img');
  await img.waitFor();
  assert.equal(await img.getAttribute('alt'), 'Scan hygienist-licence-2028.png');
  assert.equal(await img.evaluate((i) => /** @type {HTMLImageElement} */ (i).naturalWidth > 0), true, 'the CSP lets the scan show');
  assert.deepEqual(errors, []);
  await page.close();
});

test("a person's page: an expiry that is no date is refused under Expires on, keeping what was typed; put right, the missing certificate is recorded and current", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/staff/6' });
  const panel = page.getByTestId('person-licences');
  const radiography = statusRow(panel, RADIOGRAPHY);
  await eventually(() => radiography.getAttribute('data-state'), (s) => s === 'missing', 'missing');
  assert.match(await radiography.getByTestId('licence-state').innerText(), /^Missing$/);

  await panel.getByTestId('add-licence').click();
  const form = page.getByTestId('licence-form');
  await form.getByTestId('field-typeId').selectOption({ label: 'Dental radiography certificate' });
  assert.equal(await form.getByTestId('field-issuingBody').getAttribute('placeholder'), 'State Board of Dental Examiners', "the type's usual issuer, as a placeholder");
  await form.getByTestId('field-number').fill('DRC-4471');
  await form.getByTestId('field-issuedOn').fill('2026-11-16');
  await form.getByTestId('field-expiresOn').fill('2026-02-30');
  await form.getByTestId('licence-save').click();

  const error = form.getByTestId('error-expiresOn');
  await textMatches(error, /^Expiry date 2026-02-30 is not a real date$/, 'the core’s message, under the field');
  const expires = form.getByTestId('field-expiresOn');
  assert.equal(await expires.getAttribute('aria-invalid'), 'true');
  assert.ok((await expires.getAttribute('aria-describedby'))?.split(' ').includes((await error.getAttribute('id')) ?? '?'), 'the input is described by the message');
  assert.equal(await expires.evaluate((e) => e === document.activeElement), true, 'the field has the focus');
  assert.equal(await expires.inputValue(), '2026-02-30', 'what was typed is kept');
  assert.equal(await form.getByTestId('field-number').inputValue(), 'DRC-4471', 'and the rest of the form');
  assert.equal(await form.getByTestId('form-error').count(), 0, 'a field error is not a banner');

  await expires.fill('');
  await countIs(error, 0, 'changing the field takes its message away');
  await form.getByTestId('licence-save').click();
  await eventually(() => radiography.getAttribute('data-state'), (s) => s === 'current', 'recorded, it counts at once');
  assert.match(await radiography.innerText(), /No\. DRC-4471[\s\S]*Never expires/);
  assert.deepEqual(
    called(calls, 'licence_record').map((c) => /** @type {any} */ (c.args.input).expiresOn),
    ['2026-02-30', ''],
    'the date as typed, so the core names the field; then none',
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test("a person's page: a scanned PDF is offered to save; Delete asks first, and Cancel keeps the licence", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/staff/3' });
  const panel = page.getByTestId('person-licences');
  const scanned = panel.getByTestId('licence-row').filter({ hasText: 'Dental hygienist licence' });
  await scanned.getByTestId('view-scan').click();
  const dialog = page.locator('dialog[open]');
  await textMatches(dialog, /This is a PDF document[\s\S]*Save a copy/, 'a PDF is offered to save, not shown');
  assert.equal(await dialog.getByRole('link', { name: 'Save a copy…' }).getAttribute('download'), 'hygienist-licence.pdf');
  await page.keyboard.press('Escape');
  await countIs(page.locator('dialog[open]'), 0, 'Escape closes it');

  await scanned.getByTestId('delete-licence').click();
  await textMatches(page.getByTestId('confirm-dialog'), /Delete this Dental hygienist licence\?[\s\S]*with its scan/, 'what would be deleted');
  await page.getByTestId('confirm-cancel').click();
  await countIs(panel.getByTestId('licence-row'), 2, 'kept');
  assert.equal(called(calls, 'licence_delete').length, 0, 'nothing sent');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the catalog: licence types with their continuing education in words; hours with no cycle refused under Every (months), then added; one someone holds is not deleted', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/catalog' });
  const rows = page.getByTestId('licence-type-row');
  await countIs(rows, 5, "the demo's five licence types");
  const hygienist = rows.filter({ hasText: 'Dental hygienist licence' });
  assert.match(await hygienist.innerText(), /State Board of Dental Examiners\s+25 hours every 24 months, 2 of them in infection control\s+1 role\s+2/, 'issuer, rule, roles, held');
  assert.match(await rows.filter({ hasText: 'CPR/BLS card' }).innerText(), /None required\s+3 roles\s+6/);

  await page.getByTestId('add-licence-type').click();
  const form = page.getByTestId('licence-type-form');
  await form.getByTestId('field-name').fill('Local anaesthesia permit');
  await form.getByTestId('field-issuingBody').fill('State Board of Dental Examiners');
  await form.getByTestId('field-ceHours').fill('6');
  await form.getByTestId('save').click();
  await textMatches(form.getByTestId('error-ceCycleMonths'), /Give the cycle's length in months/, 'under the cycle');
  assert.equal(await form.getByTestId('field-ceCycleMonths').evaluate((e) => e === document.activeElement), true, 'which has the focus');
  assert.equal(await form.getByTestId('field-ceHours').inputValue(), '6', 'the hours typed are kept');

  await form.getByTestId('field-ceCycleMonths').fill('24');
  await form.getByTestId('save').click();
  await countIs(rows, 6, 'added');
  assert.match(await rows.filter({ hasText: 'Local anaesthesia permit' }).innerText(), /6 hours every 24 months\s+0 roles\s+0/);
  assert.deepEqual(called(calls, 'licence_type_create')[1]?.args.input, {
    name: 'Local anaesthesia permit',
    issuingBody: 'State Board of Dental Examiners',
    description: '',
    ceHours: 6,
    ceCycleMonths: 24,
    ceCategory: null,
    ceCategoryHours: null,
  });

  await rows.filter({ hasText: 'CPR/BLS card' }).getByTestId('delete-licence-type').click();
  await textMatches(page.getByTestId('action-error'), /6 licences of "CPR\/BLS card" are recorded; delete or correct them first/, "the core's reason");
  assert.equal(await page.getByTestId('confirm-ok').count(), 0, 'nothing to confirm: the core refuses it');
  await countIs(rows, 6, 'still listed');
  assert.deepEqual(errors, []);
  await page.close();
});

test('job roles: the licences each requires; the dental assistants come to require the CDA, and Aoife sees it missing at the kiosk', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/roles' });
  const assistant = page.getByTestId('role-row').filter({ hasText: 'Dental assistant' });
  await textMatches(assistant.getByTestId('role-licences'), /^CPR\/BLS card, Dental radiography certificate$/, 'what it requires now');
  await assistant.getByRole('button', { name: 'Edit Dental assistant' }).click();
  const boxes = page.getByTestId('role-required-licences');
  assert.equal(await boxes.getByLabel('Dental radiography certificate').isChecked(), true, 'what it requires is ticked');
  assert.match(await boxes.innerText(), /Dental hygienist licence · continuing education: 25 hours every 24 months/, 'with the continuing education each asks');
  await boxes.getByLabel('Certified Dental Assistant (CDA)').check();
  await page.getByTestId('role-form').getByTestId('save').click();
  await textMatches(assistant.getByTestId('role-licences'), /^Certified Dental Assistant \(CDA\), CPR\/BLS card, Dental radiography certificate$/, 'saved and listed');
  const sent = /** @type {any} */ (called(calls, 'role_update')[0]?.args);
  assert.deepEqual(sent?.input.requiredLicenceTypeIds, [5, CPR, RADIOGRAPHY], 'the boxes ticked, in the order they stand');

  // Aoife, a dental assistant, at the kiosk.
  await page.getByTestId('lock').click();
  await page.getByRole('button', { name: 'Aoife Ní Bhriain' }).click();
  await page.getByTestId('field-secret').fill('1234');
  await page.getByTestId('sign-in').click();
  const mine = page.getByTestId('kiosk-licences');
  await eventually(() => statusRow(mine, 5).getAttribute('data-state'), (s) => s === 'missing', 'the CDA, missing for her');
  assert.deepEqual(errors, []);
  await page.close();
});

test("Pending approvals: 佐藤 健's CPR card waits to be checked; Refuse asks first and Cancel keeps it; Check makes it count", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/pending' });
  const waiting = page.getByTestId('unchecked-row');
  await countIs(waiting, 1, 'the card he recorded at the kiosk');
  assert.match(await waiting.innerText(), /佐藤 健\s+CPR\/BLS card\s+CC-000111\s+American Heart Association\s+2026-11-12\s+2028-11-12\s+None[\s\S]*by 佐藤 健/);

  await waiting.getByTestId('refuse-licence').click();
  await textMatches(page.getByTestId('confirm-dialog'), /Refuse this licence\?[\s\S]*CPR\/BLS card no\. CC-000111, recorded by 佐藤 健, will be deleted/, 'what would be deleted');
  await page.getByTestId('confirm-cancel').click();
  await countIs(waiting, 1, 'kept');
  assert.equal(called(calls, 'licence_delete').length, 0, 'nothing sent');

  await waiting.getByTestId('check-licence').click();
  await textMatches(page.getByTestId('licences-none'), /No licence is waiting to be checked/, 'nothing left to check');
  assert.deepEqual(called(calls, 'licence_check')[0]?.args, { ids: [12] });
  assert.equal(await page.getByTestId('pending-row').count(), 2, "the training waiting is another matter: it stays");

  await page.goto(`${ui.url}#/staff/10`);
  const cpr = statusRow(page.getByTestId('person-licences'), CPR);
  await eventually(() => cpr.getAttribute('data-state'), (s) => s === 'current', 'current on his page, missing before');
  assert.equal(await cpr.getByTestId('licence-waiting').count(), 0, 'nothing waits any more');
  assert.equal(await page.locator('[data-testid="licence-row"][data-checked="false"]').count(), 0, 'every licence of his is checked');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the kiosk: Aoife sees where she stands with her licences; records her certificate with its scan, and it waits for the office', async () => {
  const fake = createFakeBackend({ kiosk: 'Aoife Ní Bhriain' });
  const { page, calls, errors } = await ui.open({ fake });
  const mine = page.getByTestId('kiosk-licences');
  const radiography = statusRow(mine, RADIOGRAPHY);
  await eventually(() => radiography.getAttribute('data-state'), (s) => s === 'missing', 'her missing certificate');
  assert.equal(await statusRow(mine, CPR).getAttribute('data-state'), 'current');
  await countIs(mine.getByTestId('my-licence'), 1, 'her one licence');

  const form = page.getByTestId('kiosk-licence');
  await form.getByTestId('field-typeId').selectOption({ label: 'Dental radiography certificate' });
  await form.getByTestId('field-number').fill('DRC-5521');
  await form.getByTestId('field-issuedOn').fill('2026-11-16');
  await form.getByTestId('field-scan').setInputFiles({ name: 'radiography-certificate.png', mimeType: 'image/png', buffer: PNG });
  await form.getByTestId('licence-save').click();

  await textMatches(page.getByTestId('kiosk-notice'), /Recorded your Dental radiography certificate with its scan; it counts once the office checks it/, 'said so');
  await textMatches(radiography.getByTestId('licence-waiting'), /^1 waiting to be checked$/, 'waiting, beside the state');
  assert.equal(await radiography.getAttribute('data-state'), 'missing', 'it does not count yet');
  const recorded = mine.locator('[data-testid="my-licence"][data-checked="false"]');
  await textMatches(recorded, /Dental radiography certificate no\. DRC-5521[\s\S]*radiography-certificate\.png[\s\S]*Waiting for the office to check it/, 'listed as waiting');
  const sent = /** @type {any} */ (called(calls, 'licence_record')[0]?.args.input);
  assert.equal(sent.staffId, 6, 'her own');
  assert.deepEqual(sent.scan, { fileName: 'radiography-certificate.png', dataBase64: PNG.toString('base64') });
  assert.equal(await form.getByTestId('field-number').inputValue(), '', 'the form is empty for the next');
  assert.equal(await form.getByTestId('field-scan').inputValue(), '', 'the file too');
  assert.deepEqual(errors, []);
  await page.close();
});

// Pending approvals and the catalog's tables are in app-status.test.mjs's screens.
test('the licence panels and forms fit the window, at its usual size and at the 900×600 minimum', async () => {
  /** @param {import('playwright-core').Page} page @param {string} where */
  const fits = async (page, where) => {
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('.content, .content *, .sidebar, .kiosk, .kiosk *, dialog[open] *')]
        .filter((e) => !e.matches('input, textarea') && !e.classList.contains('visually-hidden'))
        .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    );
    assert.deepEqual(cut, [], `${where}: something is wider than its box`);
    // A panel shows what overflows it rather than scrolling: its tables must fit inside.
    const spill = await page.evaluate(() =>
      [...document.querySelectorAll('.panel table')]
        .filter((t) => t.getBoundingClientRect().right > (t.closest('.panel')?.getBoundingClientRect().right ?? Infinity) + 1)
        .map((t) => t.closest('[data-testid]')?.getAttribute('data-testid') ?? t.className),
    );
    assert.deepEqual(spill, [], `${where}: a table runs out of its panel`);
  };
  /** @type {[string | undefined, string, ((p: import('playwright-core').Page) => Promise<void>)?][]} */
  const screens = [
    ['#/staff/4', 'licence-status-row', async (p) => {
      await p.getByRole('button', { name: 'Renew Dental hygienist licence' }).click();
      await p.getByTestId('licence-form').waitFor();
    }],
    // A licence waiting (Check, Edit, Delete), and one with its scan.
    ['#/staff/10', 'check-licence'],
    ['#/staff/3', 'view-scan'],
    ['#/catalog', 'licence-type-row', async (p) => {
      await p.getByTestId('add-licence-type').click();
      await p.getByTestId('licence-type-form').waitFor();
    }],
    [undefined, 'kiosk-licences'],
  ];
  // One theme: the dark one changes colours only (app.css), never a width;
  // screenshots.mjs shows both.
  for (const [hash, ready, then] of screens) {
    const fake = hash ? undefined : createFakeBackend({ kiosk: 'Aoife Ní Bhriain' });
    const { page, errors } = await ui.open({ hash, fake });
    const where = hash ?? 'the kiosk';
    await page.getByTestId(ready).first().waitFor();
    await fits(page, where);
    await page.setViewportSize({ width: 900, height: 600 });
    await fits(page, `${where} at 900×600`);
    if (then) {
      await then(page);
      await fits(page, `${where}, its form at 900×600`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});
