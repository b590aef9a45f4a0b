// Screenshots of the UI against the fake backend, light and dark, for a person to
// look at after a layout change: `npm run build && node tests/screenshots.mjs [dir]`.
// Not a test (node --test does not pick it up); writes ui-<screen>-<theme>.png.
// SHOTS=a,b takes only those; SIZE=900x600 takes them in that window instead
// (ui-<screen>-<theme>-900x600.png).

import { join } from 'node:path';
import { launchBrowser, serveDist } from './harness.mjs';
import { openApp } from './app.mjs';
import { createFakeBackend, NOTES, POLICY, VERSION } from './fake-backend.mjs';

const dir = process.argv[2] ?? '/tmp';

/** @type {{ name: string, hash?: string, fake?: () => ReturnType<typeof createFakeBackend>, overrides?: Record<string, import('./harness.mjs').Handler>, ready: string, act?: (page: import('playwright-core').Page) => Promise<void> }[]} */
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
  { name: 'feedback', hash: '#/feedback', ready: 'feedback-row' },
  {
    name: 'feedback-year-empty',
    hash: '#/feedback',
    ready: 'feedback-row',
    act: async (page) => {
      await page.getByTestId('feedback-year').selectOption('2024');
      await page.getByTestId('no-feedback').waitFor();
    },
  },
  {
    name: 'feedback-form-error',
    hash: '#/feedback',
    ready: 'log-feedback',
    act: async (page) => {
      // The refused complaint the fixtures replay (see evidence.test.mjs).
      await page.getByTestId('log-feedback').click();
      await page.getByTestId('field-receivedOn').fill('2026-11-24');
      await page.getByTestId('field-closedOn').fill('2026-11-30');
      await page.getByTestId('feedback-save').click();
      await page.getByTestId('error-summary').waitFor();
    },
  },
  {
    name: 'feedback-close',
    hash: '#/feedback',
    ready: 'close-feedback',
    act: async (page) => {
      await page.getByTestId('close-feedback').first().click();
      await page.getByTestId('feedback-form').waitFor();
    },
  },
  { name: 'checks', hash: '#/checks?standard=1', ready: 'check-row' },
  {
    name: 'checks-record',
    hash: '#/checks?standard=1',
    ready: 'record-checks',
    act: async (page) => {
      await page.getByTestId('record-checks').click();
      await page.getByTestId('check-form').getByTestId('field-staffId').selectOption({ label: 'Zoë Núñez' });
    },
  },
  {
    name: 'checks-months',
    hash: '#/checks?standard=1',
    ready: 'month-row',
    act: async (page) => {
      await page.getByTestId('month-rates').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'person-checks',
    hash: '#/staff/2',
    ready: 'person-rates',
    act: async (page) => {
      await page.getByTestId('person-rates').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'standard-service',
    hash: '#/standards/1',
    ready: 'standard-months',
    act: async (page) => {
      await page.getByTestId('prompted').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'standard-revise',
    hash: '#/standards/3/edit',
    ready: 'prompted-by',
    act: async (page) => {
      await page.getByTestId('prompted-by').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'evaluation-measured',
    hash: '#/evaluations/2',
    ready: 'proposal-10',
    act: async (page) => {
      await page.getByTestId('reason-10').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'evaluation-override',
    hash: '#/evaluations/2',
    ready: 'accept-10',
    act: async (page) => {
      // The scenario evidence.test.mjs replays: accepted, then rated above the proposal without a reason.
      await page.getByTestId('accept-10').click();
      await page.getByTestId('rate-10-3').isChecked();
      await page.getByTestId('rate-8-5').check();
      await page.getByTestId('save').click();
      await page.getByTestId('error-ratings.8.overrideReason').waitFor();
      await page.getByTestId('proposal-8').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'evaluation-evidence',
    hash: '#/evaluations/13',
    ready: 'service-evidence',
    act: async (page) => {
      await page.getByTestId('service-evidence').first().scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'template-measured',
    hash: '#/templates/1',
    ready: 'measured-4-0',
    act: async (page) => {
      await page.getByTestId('measured-4-0').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'import-checks',
    hash: '#/transfer',
    ready: 'import-file',
    act: async (page) => {
      // The bad file the fixtures replay (see evidence.test.mjs).
      await page.getByTestId('import-kind-checks').check();
      const bad = 'Date,Standard,Name,Rings,Met,Note\n2026-11-16,1,Zoë Núñez,2,,\n2026-11-17,1,Zoë Núñez,two,,Busy morning\n2026-11-18,6,,,yes,\n';
      await page.getByTestId('import-file').setInputFiles({ name: 'checks.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await page.getByTestId('import-report').scrollIntoViewIfNeeded();
    },
  },
  { name: 'settings', hash: '#/settings', ready: 'field-ratingLabels-5' },
  {
    name: 'settings-thresholds',
    hash: '#/settings',
    ready: 'field-metRateThresholds-5',
    act: async (page) => {
      await page.getByTestId('field-metRateThresholds-5').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'settings-accounts',
    hash: '#/settings',
    ready: 'manager-form',
    act: async (page) => {
      await page.getByTestId('manager-form').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'settings-logo',
    hash: '#/settings',
    ready: 'logo-setting',
    act: async (page) => {
      await page.getByTestId('logo-setting').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'kiosk-feedback',
    fake: () => createFakeBackend({ kiosk: 'Zoë Núñez' }),
    ready: 'answer-form',
    act: async (page) => {
      await page.getByTestId('answer-save').click();
      await page.getByTestId('error-wouldChoose').waitFor();
      await page.getByTestId('kiosk-feedback-give').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'kiosk-self-review',
    fake: () => createFakeBackend({ kiosk: 'Aoife Ní Bhriain' }),
    ready: 'self-review-form',
    act: async (page) => {
      await page.getByTestId('self-rate-0-4').check();
      await page.getByTestId('kiosk-self-review').scrollIntoViewIfNeeded();
    },
  },
  { name: 'suggestions', hash: '#/suggestions', ready: 'suggestion-row' },
  {
    name: 'suggest-window',
    // A manager whose account names his staff record (see colleagues.test.mjs).
    fake: () => {
      const fake = createFakeBackend();
      fake.state.session = { account: 13, role: 'manager', name: 'Sam Carter', staff: 13, permissions: POLICY.manager ?? [] };
      return fake;
    },
    hash: '#/suggestions',
    ready: 'make-suggestion',
    act: async (page) => {
      await page.getByTestId('make-suggestion').click();
      await page.getByTestId('suggestion-anonymous').check();
    },
  },
  {
    name: 'kiosk-suggest',
    fake: () => createFakeBackend({ kiosk: 'Zoë Núñez' }),
    ready: 'suggestion-form',
    act: async (page) => {
      await page.getByTestId('suggestion-anonymous').check();
      await page.getByTestId('kiosk-suggest').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'ask-feedback',
    hash: '#/staff/2',
    ready: 'ask-feedback',
    act: async (page) => {
      await page.getByTestId('ask-feedback').click();
      await page.getByTestId('ask-save').waitFor();
    },
  },
  {
    name: 'person-check-ins',
    hash: '#/staff/2',
    ready: 'check-in',
    act: async (page) => {
      await page.getByTestId('check-ins').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'check-in-form-error',
    hash: '#/staff/2',
    ready: 'record-check-in',
    act: async (page) => {
      // The refused check-in the fixtures replay (see colleagues.test.mjs).
      await page.getByTestId('record-check-in').click();
      await page.getByTestId('field-heldOn').fill('2026-11-24');
      await page.getByTestId('check-in-save').click();
      await page.getByTestId('error-topics').waitFor();
    },
  },
  {
    name: 'catalog-licences',
    hash: '#/catalog',
    ready: 'licence-type-row',
    act: async (page) => {
      await page.getByTestId('licence-type-table').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'licence-type-form-error',
    hash: '#/catalog',
    ready: 'add-licence-type',
    act: async (page) => {
      // The refused type the fixtures replay (see licences.test.mjs): hours, no cycle.
      await page.getByTestId('add-licence-type').click();
      const form = page.getByTestId('licence-type-form');
      await form.getByTestId('field-name').fill('Local anaesthesia permit');
      await form.getByTestId('field-issuingBody').fill('State Board of Dental Examiners');
      await form.getByTestId('field-ceHours').fill('6');
      await form.getByTestId('save').click();
      await form.getByTestId('error-ceCycleMonths').waitFor();
    },
  },
  {
    name: 'person-licences',
    hash: '#/staff/4',
    ready: 'licence-status-row',
    act: async (page) => {
      await page.getByTestId('person-licences').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'licence-renew',
    hash: '#/staff/4',
    ready: 'renew-licence',
    act: async (page) => {
      await page.getByRole('button', { name: 'Renew Dental hygienist licence' }).click();
      await page.getByTestId('licence-form').waitFor();
    },
  },
  {
    name: 'licence-form-error',
    hash: '#/staff/6',
    ready: 'add-licence',
    act: async (page) => {
      // The refused expiry the fixtures replay (see licences.test.mjs).
      await page.getByTestId('add-licence').click();
      const form = page.getByTestId('licence-form');
      await form.getByTestId('field-typeId').selectOption({ label: 'Dental radiography certificate' });
      await form.getByTestId('field-number').fill('DRC-4471');
      await form.getByTestId('field-issuedOn').fill('2026-11-16');
      await form.getByTestId('field-expiresOn').fill('2026-02-30');
      await form.getByTestId('licence-save').click();
      await form.getByTestId('error-expiresOn').waitFor();
    },
  },
  { name: 'pending-licences', hash: '#/pending', ready: 'unchecked-row' },
  {
    name: 'kiosk-licences',
    fake: () => createFakeBackend({ kiosk: 'Aoife Ní Bhriain' }),
    ready: 'kiosk-licences',
    act: async (page) => {
      await page.getByTestId('kiosk-licences').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'kiosk-licence-recorded',
    fake: () => createFakeBackend({ kiosk: 'Aoife Ní Bhriain' }),
    ready: 'kiosk-licence',
    act: async (page) => {
      // The certificate the fixtures record at her kiosk (see licences.test.mjs).
      const form = page.getByTestId('kiosk-licence');
      await form.getByTestId('field-typeId').selectOption({ label: 'Dental radiography certificate' });
      await form.getByTestId('field-number').fill('DRC-5521');
      await form.getByTestId('field-issuedOn').fill('2026-11-16');
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
      await form.getByTestId('field-scan').setInputFiles({ name: 'radiography-certificate.png', mimeType: 'image/png', buffer: png });
      await form.getByTestId('licence-save').click();
      await page.getByTestId('licence-waiting').waitFor();
      await page.getByTestId('kiosk-licences').scrollIntoViewIfNeeded();
    },
  },
  { name: 'person-licence-waiting', hash: '#/staff/10', ready: 'licence-waiting', act: async (page) => page.getByTestId('person-licences').scrollIntoViewIfNeeded() },
  { name: 'overview-todo', hash: '#/overview', ready: 'overview-todo' },
  { name: 'todo', hash: '#/todo', ready: 'todo-item' },
  {
    name: 'settings-reminders',
    hash: '#/settings',
    ready: 'reminder-row',
    act: async (page) => {
      // The refusal the fixtures replay (see todo.test.mjs).
      const days = page.locator('[data-testid="reminder-row"][data-reminder="training"]').getByTestId('field-daysAhead');
      await days.fill('400');
      await days.press('Enter');
      await page.getByTestId('error-daysAhead').waitFor();
      await page.getByTestId('reminder-settings').scrollIntoViewIfNeeded();
    },
  },
  { name: 'kiosk-todo', fake: () => createFakeBackend({ kiosk: 'Zoë Núñez' }), ready: 'kiosk-todo' },
  { name: 'dashboard', hash: '#/year', ready: 'by-year-table', act: async (page) => void (await page.waitForTimeout(300)) },
  {
    name: 'dashboard-lower',
    hash: '#/year',
    ready: 'by-year-table',
    act: async (page) => {
      await page.getByTestId('chart-headcount').scrollIntoViewIfNeeded();
      await page.waitForTimeout(300);
    },
  },
  { name: 'projects', hash: '#/projects', ready: 'project-row' },
  { name: 'project', hash: '#/projects/1', ready: 'project-measurements-table', act: async (page) => void (await page.waitForTimeout(300)) },
  { name: 'swot', hash: '#/swot?compare=2,1', ready: 'swot-comparison' },
  { name: 'swot-sheet', hash: '#/swot/2', ready: 'swot-grid' },
  { name: 'job-swaps', hash: '#/swaps', ready: 'swap-suggestion' },
  {
    name: 'person-swaps',
    hash: '#/staff/2',
    ready: 'swap-table',
    act: async (page) => {
      await page.getByTestId('record-swap').click();
      await page.getByTestId('swap-form').waitFor();
    },
  },
  {
    name: 'about',
    hash: '#/overview',
    ready: 'open-about',
    act: async (page) => {
      await page.getByTestId('open-about').click();
      await page.getByTestId('licences-fonts').locator('> summary').click();
      await page.getByTestId('about-notes').waitFor();
    },
  },
  {
    name: 'about-crates',
    hash: '#/overview',
    ready: 'open-about',
    act: async (page) => {
      await page.getByTestId('open-about').click();
      await page.getByTestId('licences-crates').locator('> summary').click();
      await page.getByTestId('licences-crates').getByTestId('licence-row').nth(5).scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'what-changed',
    fake: () =>
      createFakeBackend({
        signedIn: false,
        whatChanged: { from: '0.1.0', to: VERSION, releases: [{ version: VERSION, notes: NOTES }] },
      }),
    ready: 'what-changed-from',
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
  {
    name: 'print-dialog',
    hash: '#/staff/2',
    ready: 'transcript-to-printer',
    act: async (page) => {
      await page.keyboard.press('Control+p');
      await page.getByTestId('print-printer').waitFor();
    },
  },
  {
    name: 'print-dialog-error',
    hash: '#/staff/2',
    ready: 'transcript-to-printer',
    overrides: {
      print_send: () => {
        throw { code: 'invalid', field: 'copies', message: 'Copies must be a whole number from 1 to 20' };
      },
    },
    act: async (page) => {
      await page.getByTestId('transcript-to-printer').click();
      await page.getByTestId('print-copies').fill('25');
      await page.getByTestId('print-copies').press('Enter');
      await page.getByTestId('error-copies').waitFor();
    },
  },
  {
    name: 'print-sent',
    hash: '#/evaluations/2',
    ready: 'print-to-printer',
    overrides: { print_send: ({ printer }) => ({ printer: printer ?? 'Front_Desk', job: 'Front_Desk-41', warnings: ['Zoë Núñez, Strengths: “Speaks 𝔉𝔯𝔞𝔨𝔱𝔲𝔯 to patients”'] }) },
    act: async (page) => {
      await page.getByTestId('print-to-printer').click();
      await page.getByTestId('print-send').click();
      await page.getByTestId('print-done').waitFor();
    },
  },
  {
    name: 'print-no-printer',
    hash: '#/standards',
    fake: () => createFakeBackend({ printers: { names: [], default: null } }),
    ready: 'handbook-to-printer',
    act: async (page) => {
      await page.keyboard.press('Control+p');
      await page.getByTestId('print-unavailable').waitFor();
    },
  },
  {
    name: 'user-guide',
    hash: '#/overview',
    ready: 'count-active',
    act: async (page) => {
      await page.keyboard.press('F1');
      await page.getByTestId('user-guide-text').waitFor();
    },
  },
  {
    name: 'user-guide-section',
    hash: '#/overview',
    ready: 'count-active',
    act: async (page) => {
      await page.keyboard.press('F1');
      await page.getByTestId('user-guide-text').getByRole('link', { name: 'Office manager', exact: true }).click();
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
        shot.overrides ??
        (shot.name === 'staff-form-error'
          ? { staff_create: () => { throw { code: 'invalid', field: 'hireDate', message: 'Hire date 2024-02-30 is not a real date' }; } }
          : {});
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
