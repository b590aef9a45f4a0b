// Screenshots of the UI against the fake backend, light and dark, for a person to
// look at after a layout change: `npm run build && node tests/screenshots.mjs [dir]`.
// Not a test (node --test does not pick it up); writes ui-<screen>-<theme>.png.

import { join } from 'node:path';
import { launchBrowser, serveDist } from './harness.mjs';
import { openApp } from './app.mjs';
import { createFakeBackend } from './fake-backend.mjs';

const dir = process.argv[2] ?? '/tmp';

/** @type {{ name: string, hash?: string, fake?: () => ReturnType<typeof createFakeBackend>, ready: string, act?: (page: import('playwright-core').Page) => Promise<void> }[]} */
const SHOTS = [
  { name: 'welcome', fake: () => createFakeBackend({ setUp: false }), ready: 'start-demo' },
  { name: 'overview', hash: '#/overview', ready: 'count-active' },
  {
    name: 'overview-empty',
    fake: () => createFakeBackend({ setUp: false }),
    ready: 'start-empty',
    act: async (page) => {
      await page.getByTestId('start-empty').click();
      // The first-run scenario the fixtures replay (see flows.test.mjs).
      await page.getByTestId('field-dateFormat').selectOption('dmy');
      await page.getByTestId('field-name').fill('Bright Smiles Physio');
      await page.getByTestId('field-name').press('Enter');
      await page.getByTestId('empty-overview').waitFor();
    },
  },
  { name: 'staff', hash: '#/staff', ready: 'staff-row' },
  { name: 'person', hash: '#/staff/2', ready: 'due-row' },
  { name: 'evaluations', hash: '#/evaluations', ready: 'print-duplex' },
  {
    name: 'staff-form-error',
    hash: '#/staff/new',
    ready: 'field-name',
    act: async (page) => {
      await page.getByTestId('field-name').fill('Zoë Test');
      await page.getByTestId('field-hireDate').fill('2024-02-28');
      await page.getByTestId('save').click();
      await page.getByTestId('error-hireDate').waitFor();
    },
  },
  { name: 'log', hash: '#/log?staff=10', ready: 'field-courseId' },
  // Record 56 is Zoë's CPR, the one with a stored certificate.
  { name: 'log-edit', hash: '#/log?record=56&staff=2', ready: 'field-removeCertificate' },
  { name: 'pending', hash: '#/pending', ready: 'pending-row' },
  { name: 'standards', hash: '#/standards', ready: 'standard-row' },
  { name: 'standard', hash: '#/standards/2', ready: 'versions' },
  { name: 'standard-edit', hash: '#/standards/1/edit', ready: 'new-version-note' },
  { name: 'catalog', hash: '#/catalog', ready: 'course-row' },
  { name: 'roles', hash: '#/roles', ready: 'role-row' },
  { name: 'settings', hash: '#/settings', ready: 'field-ratingLabels-5' },
  {
    name: 'settings-logo',
    hash: '#/settings',
    ready: 'logo-setting',
    act: async (page) => {
      await page.getByTestId('logo-setting').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'confirm-delete',
    hash: '#/staff/13',
    ready: 'delete-person',
    act: async (page) => {
      await page.getByTestId('delete-person').click();
      await page.getByTestId('confirm-dialog').waitFor();
    },
  },
];

const only = process.env.SHOTS?.split(',');
const server = await serveDist();
const browser = await launchBrowser();
try {
  for (const theme of /** @type {const} */ (['light', 'dark'])) {
    for (const shot of SHOTS) {
      if (only && !only.includes(shot.name)) continue;
      /** @type {Record<string, import('./harness.mjs').Handler>} */
      const overrides =
        shot.name === 'staff-form-error'
          ? { staff_create: () => { throw { code: 'invalid', field: 'hireDate', message: 'Hire date 2024-02-30 is not a real date' }; } }
          : {};
      const { page } = await openApp(browser, server.url, { hash: shot.hash, fake: shot.fake?.(), overrides, colorScheme: theme });
      await page.getByTestId(shot.ready).first().waitFor();
      await shot.act?.(page);
      await page.waitForTimeout(150);
      const file = join(dir, `ui-${shot.name}-${theme}.png`);
      await page.screenshot({ path: file });
      console.log(file);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
