// Screenshots of the UI against the fake backend, light and dark, for a person to
// look at after a layout change: `npm run build && node tests/screenshots.mjs [dir]`.
// Not a test (node --test does not pick it up); writes ui-<screen>-<theme>.png.
// SHOTS=a,b takes only those; SIZE=900x600 takes them in that window instead
// (ui-<screen>-<theme>-900x600.png).

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
  {
    name: 'role-form',
    hash: '#/roles',
    ready: 'role-row',
    act: async (page) => {
      await page.getByRole('button', { name: 'Edit Receptionist' }).click();
      await page.getByTestId('role-customers').scrollIntoViewIfNeeded();
    },
  },
  { name: 'thanks', hash: '#/thanks', ready: 'thanks-row' },
  {
    name: 'thanks-form',
    hash: '#/thanks?staff=2',
    ready: 'thanks-form',
    act: async (page) => {
      await page.getByTestId('thanks-find').fill('a');
    },
  },
  {
    name: 'thanks-form-error',
    hash: '#/thanks',
    ready: 'say-thanks',
    act: async (page) => {
      // The refused submission the fixtures replay (see service.test.mjs).
      await page.getByTestId('say-thanks').click();
      await page.getByTestId('field-happenedOn').fill('2026-11-24');
      await page.getByTestId('thanks-save').click();
      await page.getByTestId('error-happenedOn').waitFor();
    },
  },
  {
    name: 'person-service',
    hash: '#/staff/2',
    ready: 'person-thanks',
    act: async (page) => {
      await page.getByTestId('person-thanks').scrollIntoViewIfNeeded();
    },
  },
  { name: 'kiosk', fake: () => createFakeBackend({ kiosk: 'Zoë Núñez' }), ready: 'kiosk-log' },
  {
    name: 'kiosk-wall',
    fake: () => createFakeBackend({ kiosk: 'Zoë Núñez' }),
    ready: 'wall-entry',
    act: async (page) => {
      await page.getByTestId('kiosk-wall').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'kiosk-thanks',
    fake: () => createFakeBackend({ kiosk: 'Zoë Núñez' }),
    ready: 'kiosk-thanks',
    act: async (page) => {
      await page.getByTestId('kiosk-customers').scrollIntoViewIfNeeded();
    },
  },
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
const size = process.env.SIZE?.match(/^(\d+)x(\d+)$/);
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
      if (size) await page.setViewportSize({ width: Number(size[1]), height: Number(size[2]) });
      await page.getByTestId(shot.ready).first().waitFor();
      await shot.act?.(page);
      await page.waitForTimeout(150);
      const file = join(dir, `ui-${shot.name}-${theme}${size ? `-${size[0]}` : ''}.png`);
      await page.screenshot({ path: file });
      console.log(file);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
