// Licences and certifications: the kinds of licence in the catalog and the
// ones a job role requires. Same harness as flows.test.mjs: the built UI in
// Chromium against the core's recorded answers.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, serveDist } from './harness.mjs';
import { countIs, openApp, textMatches } from './app.mjs';
import { createFakeBackend } from './fake-backend.mjs';

/** @type {Awaited<ReturnType<typeof serveDist>>} */
let server;
/** @type {import('playwright-core').Browser} */
let browser;

before(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** @param {{ cmd: string, args: Record<string, unknown> }[]} calls @param {string} cmd */
const called = (calls, cmd) => calls.filter((c) => c.cmd === cmd);

/** The demo's licence types, by name. */
const RADIOGRAPHY = 3;
const CPR = 4;

test('the catalog: licence types with their continuing education in words; hours with no cycle refused under Every (months), then added; one someone holds is not deleted', async () => {
  const { page, calls, errors } = await openApp(browser, server.url, { hash: '#/catalog' });
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

test('job roles: the licences each requires; the dental assistants come to require the CDA', async () => {
  const { page, calls, errors } = await openApp(browser, server.url, { hash: '#/roles' });
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

  assert.deepEqual(errors, []);
  await page.close();
});

test('the licence forms fit the 900×600 minimum window, light and dark', async () => {
  /** @param {import('playwright-core').Page} page @param {string} where */
  const fits = async (page, where) => {
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('.content, .content *, .sidebar, .kiosk, .kiosk *, dialog[open] *')]
        .filter((e) => !e.matches('input, textarea') && !e.classList.contains('visually-hidden'))
        .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    );
    assert.deepEqual(cut, [], `${where}: something is wider than its box`);
  };
  /** @type {[string | undefined, string, ((p: import('playwright-core').Page) => Promise<void>)?][]} */
  const screens = [
    ['#/catalog', 'licence-type-row', async (p) => {
      await p.getByTestId('add-licence-type').click();
      await p.getByTestId('licence-type-form').waitFor();
    }],
  ];
  for (const colorScheme of /** @type {const} */ (['light', 'dark'])) {
    for (const [hash, ready, then] of screens) {
      const fake = hash ? undefined : createFakeBackend({ kiosk: 'Aoife Ní Bhriain' });
      const { page, errors } = await openApp(browser, server.url, { hash, fake, colorScheme });
      await page.setViewportSize({ width: 900, height: 600 });
      await page.getByTestId(ready).first().waitFor();
      await fits(page, `${hash ?? 'the kiosk'} (${colorScheme})`);
      if (then) {
        await then(page);
        await fits(page, `${hash}, its form (${colorScheme})`);
      }
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
});
