// The UI's main flows in Chromium against the in-memory fake backend: first run,
// staff search, field errors, logging and approving training, standards, and
// confirmation before deleting.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { called, countIs, eventually, textMatches, uiInChromium } from './app.mjs';
import { createFakeBackend, POLICY, TODAY } from './fake-backend.mjs';

const ui = uiInChromium();

test('first run: the welcome screen starts the demo practice', async () => {
  const fake = createFakeBackend({ setUp: false });
  const { page, calls, errors } = await ui.open({ fake });

  await page.getByTestId('start-demo').waitFor();
  assert.equal(await page.getByTestId('start-empty').isVisible(), true, 'both choices are offered');
  assert.equal(await page.getByTestId('nav-staff').count(), 0, 'no app before the choice');

  await page.getByTestId('start-demo').click();
  await textMatches(page.getByTestId('practice-name'), /Lakeside Family Dental/, 'the practice name in the sidebar');
  await textMatches(page.getByTestId('count-active'), /^10\s/, 'the overview counts the demo’s active staff');
  assert.equal(called(calls, 'setup_demo').length, 1, 'the demo is created once');
  assert.deepEqual(errors, []);
  await page.close();
});

test('first run: an empty practice asks for its name, then shows what to do first', async () => {
  const fake = createFakeBackend({ setUp: false });
  const { page, calls, errors } = await ui.open({ fake });

  await page.getByTestId('start-empty').click();
  await page.getByTestId('field-dateFormat').selectOption('dmy');
  await page.getByTestId('field-name').fill('Bright Smiles Physio');
  await page.getByTestId('field-name').press('Enter');

  await page.getByTestId('empty-overview').waitFor();
  assert.match(await page.getByTestId('empty-overview').innerText(), /job roles[\s\S]*training catalog[\s\S]*people/i);
  const saved = /** @type {any} */ (called(calls, 'practice_update')[0]?.args.settings);
  assert.equal(saved?.name, 'Bright Smiles Physio', 'Enter submitted the typed name');
  assert.equal(saved?.setUp, true);
  // The date format chosen on first run applies at once, before anyone types a date.
  await page.evaluate(() => (location.hash = '#/staff/new'));
  assert.equal(await page.getByTestId('field-hireDate').getAttribute('placeholder'), 'DD/MM/YYYY');
  assert.deepEqual(errors, []);
  await page.close();
});

test('staff list: search filters the rows as you type', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/staff' });
  const rows = page.getByTestId('staff-row');
  await countIs(rows, 11, 'active people by default (one on leave, one left)');

  await page.getByTestId('staff-search').pressSequentially('zoe', { delay: 30 });
  await countIs(rows, 1, 'one match for "zoe"');
  assert.match(await rows.first().innerText(), /Zoë Núñez/, 'accents are ignored');
  const searches = called(calls, 'staff_list').filter((c) => /** @type {any} */ (c.args.filter).search !== '');
  assert.ok(searches.length < 3, `typing is debounced (${searches.length} searches for 3 keystrokes)`);

  await page.getByTestId('staff-search').fill('nguyen');
  await textMatches(rows, /Nguyễn Văn Anh/, 'the match for "nguyen"');
  assert.equal(await rows.count(), 1);

  await page.getByTestId('staff-search').fill('nobody-by-this-name');
  await page.getByTestId('staff-none-match').waitFor();

  await page.getByTestId('staff-search').fill('');
  await page.getByTestId('staff-status').selectOption('');
  await countIs(rows, 13, 'status "All" shows everyone');
  assert.deepEqual(errors, []);
  await page.close();
});

test('staff list: training badges say the state in words', async () => {
  const { page } = await ui.open({ hash: '#/staff' });
  const row = (/** @type {string} */ name) => page.getByTestId('staff-row').filter({ hasText: name });
  await textMatches(row('Łukasz Żółć').getByTestId('due-badge'), /^1 overdue$/, 'an overdue course');
  await textMatches(row('Sam Carter').getByTestId('due-badge'), /never done/, 'a new hire');
  await textMatches(row('Zoë Núñez').getByTestId('due-badge'), /^1 due soon$/, 'expiring soon');
  await textMatches(row('Nguyễn Văn Anh').getByTestId('due-badge'), /^All current$/, 'all current');
  await page.close();
});

test('staff form: a refused hire date shows under the Hire date field and keeps the input', async () => {
  const message = 'Hire date 2024-02-30 is not a real date';
  const { page, calls, errors } = await ui.open({
    hash: '#/staff/new',
    overrides: {
      staff_create: () => {
        throw { code: 'invalid', field: 'hireDate', message };
      },
    },
  });
  await page.getByTestId('field-name').fill('Zoë Test');
  await page.getByTestId('field-roleId').selectOption({ label: 'Receptionist' });
  await page.getByTestId('field-hireDate').fill('2024-02-28');
  await page.getByTestId('save').click();

  const error = page.getByTestId('error-hireDate');
  await error.waitFor();
  assert.equal(await error.innerText(), message);
  const hire = page.getByTestId('field-hireDate');
  assert.equal(await hire.getAttribute('aria-invalid'), 'true');
  const errorId = await error.getAttribute('id');
  assert.ok(errorId && (await hire.getAttribute('aria-describedby'))?.split(' ').includes(errorId), 'the input is described by the message');
  assert.equal(await hire.evaluate((el) => el === document.activeElement), true, 'the field has the focus');
  assert.equal(await hire.inputValue(), '2024-02-28', 'the date typed is kept');
  assert.equal(await page.getByTestId('field-name').inputValue(), 'Zoë Test', 'the name typed is kept');
  assert.equal(await page.getByTestId('form-error').count(), 0, 'a field error is not a banner');
  assert.equal(called(calls, 'staff_create').length, 1);

  // Another field changed: the message stays where it is.
  await page.getByTestId('field-name').fill('Zoë Tester');
  assert.equal(await error.count(), 1, 'the hire date is still what was refused');
  // The field itself changed: the message was about what was there before.
  await hire.fill('2024-03-01');
  await eventually(() => error.count(), (n) => n === 0, 'the message under the hire date goes');
  assert.equal(await hire.getAttribute('aria-invalid'), null);
  assert.deepEqual(errors, []);
  await page.close();
});

test('staff form: every bad field the core names is flagged at once, each cleared by its own change', async () => {
  const { page } = await ui.open({
    hash: '#/staff/new',
    overrides: {
      // The core's answer for a form with three bad fields, one of them not on this form.
      staff_create: () => {
        throw {
          code: 'invalid',
          field: 'name',
          message: 'Name is required',
          also: [
            { field: 'email', message: 'Email "ana@" is not an email address' },
            { field: 'hireDate', message: 'Hire date is more than a year from now' },
            { field: 'shoeSize', message: 'Shoe size is not a number' },
          ],
        };
      },
    },
  });
  await page.getByTestId('field-email').fill('ana@');
  await page.getByTestId('field-hireDate').fill('2099-01-01');
  await page.getByTestId('save').click();
  await textMatches(page.getByTestId('error-name'), /^Name is required$/, 'the first field');
  await textMatches(page.getByTestId('error-email'), /not an email address/, 'the second field');
  await textMatches(page.getByTestId('error-hireDate'), /more than a year from now/, 'the third field');
  await textMatches(page.getByTestId('form-error'), /Shoe size/, 'what the form does not show goes in the banner');
  for (const f of ['name', 'email', 'hireDate']) {
    assert.equal(await page.getByTestId(`field-${f}`).getAttribute('aria-invalid'), 'true', `${f} is marked`);
  }
  assert.equal(await page.getByTestId('field-name').evaluate((el) => el === document.activeElement), true, 'the first has the focus');
  await page.getByTestId('field-email').fill('ana@example.com');
  await eventually(() => page.getByTestId('error-email').count(), (n) => n === 0, 'the email message goes');
  assert.equal(await page.getByTestId('error-name').count(), 1, 'the name is still refused');
  assert.equal(await page.getByTestId('error-hireDate').count(), 1, 'the hire date is still refused');
  await page.close();
});

test('staff form: an error naming no field of the form goes in a banner', async () => {
  const { page } = await ui.open({
    hash: '#/staff/new',
    overrides: {
      staff_create: () => {
        throw { code: 'database', message: 'The database is locked by another program' };
      },
    },
  });
  await page.getByTestId('field-name').fill('Someone');
  await page.getByTestId('save').click();
  await textMatches(page.getByTestId('form-error'), /locked by another program/, 'the banner');
  await page.close();
});

test('training the office logs counts at once; training waiting for approval counts once approved', async () => {
  const { page, calls, errors, fake } = await ui.open({ hash: '#/log?staff=10' });

  await page.getByTestId('field-courseId').selectOption({ label: 'Radiation safety' });
  assert.equal(await page.getByTestId('field-hours').inputValue(), '3', 'hours default from the course');
  assert.equal(await page.getByTestId('field-staffId').inputValue(), '10', 'the person from the link is chosen');
  assert.equal(await page.getByTestId('field-completedOn').inputValue(), TODAY, 'completion date defaults to today');
  await page.getByTestId('save').click();

  await textMatches(page.getByTestId('log-done'), /approved and counts now/, 'the confirmation');
  const logged = /** @type {any} */ (called(calls, 'training_log')[0]?.args.input);
  assert.ok(!('loggedBy' in logged) && !('needsApproval' in logged), 'who logged it is not for the window to say');

  // What Aoife logged at the kiosk waits for a manager.
  await page.getByTestId('nav-pending').click();
  await textMatches(page.getByTestId('pending-count'), /^3$/, 'the sidebar badge counts it, with 佐藤’s licence waiting to be checked');
  const rows = page.getByTestId('pending-row');
  await countIs(rows, 2, 'both are listed');
  const mine = rows.filter({ hasText: 'Infection control' });
  assert.match(await mine.innerText(), /Aoife Ní Bhriain/);

  /** @type {import('../src/lib/bindings.js').TrainingRecord[]} */
  const waiting = fake.read('training_pending');
  const ticked = waiting.find((r) => r.staff?.id === 6 && r.courseTitle === 'Infection control');
  await mine.getByTestId('pending-check').check();
  await page.getByTestId('approve-selected').click();
  await countIs(rows, 1, 'the approved record leaves the list');
  const approved = /** @type {number[]} */ (called(calls, 'training_approve')[0]?.args.ids ?? []);
  assert.deepEqual(approved, [ticked?.id], 'only the ticked record is approved');

  await page.goto(`${ui.url}#/staff/6`);
  const history = page.getByTestId('history-row').filter({ hasText: 'Infection control' }).first();
  await eventually(() => history.getAttribute('data-status'), (s) => s === 'approved', 'the record is approved');
  const due = page.getByTestId('due-row').filter({ hasText: 'Infection control' });
  assert.equal(await due.getAttribute('data-state'), 'current', 'and the course, overdue before, is now current');
  assert.deepEqual(errors, []);
  await page.close();
});

test('staff page: correcting a training record’s hours and date shows the new values in the history', async () => {
  const { page, calls, errors, fake } = await ui.open({ hash: '#/staff/2' });
  /** @type {import('../src/lib/bindings.js').StaffPage} */
  const before = fake.read('staff_page', { id: 2 });
  const record = before.training.find((r) => r.certificate !== null);
  const cpr = page.getByTestId('history-row').filter({ hasText: /CPR/ }).filter({ hasText: record?.completedOn ?? '?' });
  await cpr.getByTestId('edit-record').click();

  await textMatches(page.locator('main h1'), /^Edit training record$/, 'the edit form');
  assert.equal(await page.evaluate(() => location.hash), `#/log?record=${record?.id}&staff=2`);
  assert.equal(await page.getByTestId('field-staffId').inputValue(), '2', 'prefilled: the person');
  assert.equal(await page.getByTestId('field-courseId').inputValue(), '1', 'prefilled: the course');
  assert.equal(await page.getByTestId('field-completedOn').inputValue(), record?.completedOn, 'prefilled: the date');
  assert.equal(await page.getByTestId('field-hours').inputValue(), '4', 'prefilled: the hours');
  assert.equal(await page.getByTestId('field-provider').inputValue(), 'Red Cross', 'prefilled: the provider');
  assert.equal(await page.getByTestId('logged-by-office').count(), 0, 'no "logged by" choice: the approval state is kept');
  assert.equal(await page.getByLabel('Replace the certificate').count(), 1, 'the stored certificate can be replaced');
  assert.equal(await page.getByTestId('field-removeCertificate').isChecked(), false, 'or removed, which is not the default');
  assert.equal(await page.getByTestId('save').innerText(), 'Save changes');

  await page.getByTestId('field-hours').fill('3.5');
  await page.getByTestId('field-completedOn').fill('2024-05-06');
  await page.getByTestId('save').click();

  await eventually(() => page.evaluate(() => location.hash), (h) => h === '#/staff/2', 'back on the person’s page');
  const corrected = page.getByTestId('history-row').filter({ hasText: '2024-05-06' });
  await textMatches(corrected, /2024-05-06[\s\S]*CPR[\s\S]*3\.5/, 'the corrected row');
  assert.equal(await corrected.getAttribute('data-status'), 'approved', 'still approved');
  await countIs(page.getByTestId('history-row'), before.training.length, 'no record added');
  const sent = /** @type {any} */ (called(calls, 'training_update')[0]?.args);
  assert.equal(sent.id, record?.id);
  assert.equal(sent.input.completedOn, '2024-05-06');
  assert.equal(sent.input.hours, 3.5);
  assert.equal(sent.input.certificate, null, 'no new certificate');
  assert.equal(sent.input.removeCertificate, false, 'the stored certificate is kept');
  assert.equal(called(calls, 'training_log').length, 0, 'nothing logged');
  /** @type {import('../src/lib/bindings.js').StaffPage} */
  const after = fake.read('staff_page', { id: 2 });
  assert.ok(after.training.find((r) => r.id === record?.id)?.certificate, 'the core kept the certificate');
  assert.deepEqual(errors, []);
  await page.close();
});

test('editing a training record: a refused date shows under the Completed on field and keeps the input', async () => {
  const message = 'Completion date 2099-01-01 is in the future';
  const fake = createFakeBackend();
  /** @type {import('../src/lib/bindings.js').StaffPage} */
  const zoe = fake.read('staff_page', { id: 2 });
  const record = zoe.training.find((r) => r.courseTitle === 'Telephone courtesy');
  const { page, calls, errors } = await ui.open({
    fake,
    hash: `#/log?record=${record?.id}&staff=2`,
    overrides: {
      training_update: () => {
        throw { code: 'invalid', field: 'completedOn', message };
      },
    },
  });
  await textMatches(page.locator('main h1'), /^Edit training record$/, 'the edit form');
  assert.equal(await page.getByTestId('field-removeCertificate').count(), 0, 'nothing to remove without a certificate');
  await page.getByTestId('field-notes').fill('Refresher');
  await page.getByTestId('field-completedOn').fill('2099-01-01');
  await page.getByTestId('save').click();

  const error = page.getByTestId('error-completedOn');
  await error.waitFor();
  assert.equal(await error.innerText(), message);
  const date = page.getByTestId('field-completedOn');
  assert.equal(await date.getAttribute('aria-invalid'), 'true');
  const errorId = await error.getAttribute('id');
  assert.ok(errorId && (await date.getAttribute('aria-describedby'))?.split(' ').includes(errorId), 'the input is described by the message');
  assert.equal(await date.evaluate((el) => el === document.activeElement), true, 'the field has the focus');
  assert.equal(await date.inputValue(), '2099-01-01', 'the date typed is kept');
  assert.equal(await page.getByTestId('field-notes').inputValue(), 'Refresher', 'the notes typed are kept');
  assert.equal(await page.getByTestId('form-error').count(), 0, 'a field error is not a banner');
  assert.equal(await page.evaluate(() => location.hash), `#/log?record=${record?.id}&staff=2`, 'still on the form');
  assert.equal(called(calls, 'training_update').length, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('pending approvals: approving everything leaves an empty state', async () => {
  const { page } = await ui.open({ hash: '#/pending' });
  await countIs(page.getByTestId('pending-row'), 2, 'the demo’s two pending records');
  await page.getByTestId('select-all').check();
  await page.getByTestId('approve-selected').click();
  await textMatches(page.getByTestId('pending-empty'), /No training waiting for approval/, 'the empty state');
  await textMatches(page.getByTestId('pending-count'), /^1$/, 'the badge: 佐藤’s licence still waits to be checked');
  await page.close();
});

test('staff page: required training rows carry their state', async () => {
  const { page } = await ui.open({ hash: '#/staff/5' });
  const rows = page.getByTestId('due-row');
  await countIs(rows, 6, 'the dental assistant’s six required courses');
  const overdue = page.locator('[data-testid="due-row"][data-state="overdue"]');
  assert.match(await overdue.innerText(), /Infection control[\s\S]*Overdue[\s\S]*Overdue by \d+ days/, 'colour and words');
  await page.close();
});

test('standards list shows acknowledgment progress and upcoming standards', async () => {
  const { page, errors } = await ui.open({ hash: '#/standards' });
  const waiting = page.getByTestId('standard-row').filter({ hasText: 'Tell a waiting patient' });
  await textMatches(waiting.getByTestId('ack-progress'), /^9 of 12 acknowledged$/, 'progress');
  assert.match(await waiting.innerText(), /All roles/, 'no roles means all roles');
  const external = page.getByTestId('standards-external');
  const internal = page.getByTestId('standards-internal');
  assert.equal(await external.getByTestId('standard-row').count(), 4);
  assert.equal(await internal.getByTestId('standard-row').count(), 4);
  await internal.getByTestId('badge-not-in-force').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('standard page: acknowledging for someone moves them to the acknowledged list', async () => {
  const { page, calls } = await ui.open({ hash: '#/standards/3' });
  const waiting = page.getByTestId('not-acknowledged').getByRole('row');
  await countIs(waiting, 3, 'three people have not acknowledged');
  await waiting.filter({ hasText: 'Priya Raghunathan' }).getByTestId('acknowledge').click();
  await page.getByTestId('field-acknowledgedOn').press('Enter');
  await countIs(waiting, 2, 'two left');
  assert.equal(await waiting.filter({ hasText: 'Priya Raghunathan' }).count(), 0, 'and it is not her');
  const ack = /** @type {any} */ (called(calls, 'standard_acknowledge')[0]?.args);
  assert.equal(ack.staffId, 7);
  assert.equal(ack.acknowledgedOn, TODAY, 'today, by default');
  await page.close();
});

test('editing a standard in force warns that it makes a new version', async () => {
  const { page } = await ui.open({ hash: '#/standards/2/edit' });
  await textMatches(page.getByTestId('new-version-note'), /in force: saving creates version 2; everyone bound must acknowledge it again/, 'the warning');
  await page.close();
});

test('deleting a person asks first; Escape and Cancel keep them', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/staff/13' });
  await page.getByTestId('delete-person').click();
  const dialog = page.getByTestId('confirm-dialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Set status to Left instead/, 'the safer way is offered');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(called(calls, 'staff_delete').length, 0, 'Escape deletes nothing');

  await page.getByTestId('delete-person').click();
  await page.getByTestId('confirm-cancel').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(called(calls, 'staff_delete').length, 0, 'Cancel deletes nothing');

  await page.getByTestId('delete-person').click();
  await page.getByTestId('confirm-ok').click();
  await eventually(() => page.evaluate(() => location.hash), (h) => h === '#/staff', 'back to the list');
  assert.equal(called(calls, 'staff_delete').length, 1);
  await page.getByTestId('staff-row').first().waitFor();
  await countIs(page.getByTestId('staff-row'), 10, 'one fewer');
  assert.equal(await page.getByTestId('staff-row').filter({ hasText: 'Sam Carter' }).count(), 0, 'gone from the list');
  assert.deepEqual(errors, []);
  await page.close();
});

test('deleting a course a role requires shows the core’s refusal without asking first', async () => {
  const { page } = await ui.open({ hash: '#/catalog' });
  await page.getByTestId('course-row').filter({ hasText: 'CPR' }).getByTestId('delete-course').click();
  await textMatches(page.getByTestId('action-error'), /cannot be deleted without erasing that history/, 'the message');
  await countIs(page.getByTestId('course-row'), 15, 'still listed: the demo has ten courses, four of continuing education and the job swap');
  assert.equal(await page.getByTestId('confirm-ok').count(), 0, 'nothing to confirm: the core refuses it');
  await page.close();
});

test('a certificate opens in a dialog as an image', async () => {
  const { page, errors } = await ui.open({ hash: '#/staff/2' });
  await page.getByTestId('view-certificate').click();
  const img = page.locator('dialog img');
  await img.waitFor();
  assert.match((await img.getAttribute('src')) ?? '', /^blob:/);
  assert.equal(await img.evaluate((i) => /** @type {HTMLImageElement} */ (i).naturalWidth > 0), true, 'the CSP lets the image load');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the last screen is reopened on the next start', async () => {
  const { page } = await ui.open({ hash: '#/catalog' });
  await page.getByTestId('course-row').first().waitFor();
  await page.getByTestId('nav-roles').click();
  await page.getByTestId('role-row').first().waitFor();
  await page.goto(ui.url);
  await page.getByTestId('role-row').first().waitFor();
  assert.equal(await page.evaluate(() => location.hash), '#/roles');
  assert.equal(await page.getByTestId('nav-roles').getAttribute('aria-current'), 'page');
  await page.close();
});

test('a form that leaves the window is emptied; one only moved, or still shown, keeps its fields', async () => {
  const { page, errors } = await ui.open({ hash: '#/staff/new' });
  const staffForm = page.getByTestId('staff-form');
  await staffForm.getByTestId('field-name').waitFor();
  // Held on to from the page, as WebKitGTK holds every form it has seen.
  await staffForm.evaluate((form) => Object.assign(window, { leftForm: form }));
  const fields = () => page.evaluate(() => /** @type {any} */ (window).leftForm.querySelectorAll('input, select').length);
  assert.ok((await fields()) > 3, 'the staff form has its fields');

  await page.getByTestId('nav-roles').click();
  await page.getByTestId('role-row').first().waitFor();
  await eventually(fields, (n) => n === 0, 'the staff form, out of the window, is emptied');
  assert.equal(await page.evaluate(() => /** @type {any} */ (window).leftForm.isConnected), false);

  // A form moved within the page is back in it when the change is reported.
  await page.getByTestId('add-role').click();
  const roleForm = page.getByTestId('role-form');
  await roleForm.getByTestId('field-name').fill('Sterilisation technician');
  await roleForm.getByLabel('Patient privacy (HIPAA)').check();
  await roleForm.evaluate((form) => form.parentElement?.append(form));
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  assert.equal(await roleForm.getByTestId('field-name').inputValue(), 'Sterilisation technician', 'the moved form keeps its fields');
  await roleForm.getByTestId('field-name').press('Enter');
  await countIs(page.getByTestId('role-row'), 7, 'and still saves');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the sidebar is reachable with Tab and every screen opens', async () => {
  const { page, errors } = await ui.open({ hash: '#/overview' });
  await page.getByTestId('count-active').waitFor();
  const ids = [
    'nav-overview',
    'nav-todo',
    'nav-staff',
    'nav-evaluations',
    'nav-dashboard',
    'nav-catalog',
    'nav-log-training',
    'nav-pending',
    'nav-standards',
    'nav-thanks',
    'nav-feedback',
    'nav-checks',
    'nav-suggestions',
    'nav-improvement',
    'nav-roles',
    'nav-transfer',
    'nav-changes',
    'nav-settings',
  ];
  await page.getByTestId('nav-overview').focus();
  for (const id of ids.slice(1)) {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), id);
    await page.keyboard.press('Enter');
    await eventually(() => page.getByTestId(id).getAttribute('aria-current'), (v) => v === 'page', `${id} opens`);
    await page.getByTestId(id).focus();
  }
  assert.equal(await page.locator('main h1').innerText(), 'Settings');
  assert.deepEqual(errors, []);
  await page.close();
});

test('log training: a certificate is sent as base64; a file over 5 MB is refused at its field', async () => {
  const { page, calls } = await ui.open({ hash: '#/log?staff=2' });
  await page.getByTestId('field-courseId').selectOption({ label: 'Telephone courtesy' });

  const big = Buffer.alloc(5 * 1024 * 1024 + 1);
  await page.getByTestId('field-certificate').setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: big });
  await page.getByTestId('save').click();
  await textMatches(page.getByTestId('error-certificate'), /at most 5 MB/, 'the size limit, under the file input');
  assert.equal(called(calls, 'training_log').length, 0, 'nothing sent');

  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await page.getByTestId('field-certificate').setInputFiles({ name: 'card.png', mimeType: 'image/png', buffer: png });
  await page.getByTestId('save').click();
  await page.getByTestId('log-done').waitFor();
  const sent = /** @type {any} */ (called(calls, 'training_log')[0]?.args.input);
  assert.deepEqual(sent.certificate, { fileName: 'card.png', dataBase64: png.toString('base64') });
  await page.close();
});

test('import: a file over 5 MB is refused before it is read or sent', async () => {
  const { page, calls, errors } = await ui.open({
    hash: '#/transfer',
    overrides: {
      import_preview: () => ({
        kind: 'staff',
        delimiter: ',',
        columns: [{ header: 'Name', field: 'Name' }],
        rows: [{ line: 2, summary: 'Ana Díaz', problems: [] }],
        newRoles: [],
        rowsWithProblems: 0,
        toAdd: 1,
        imported: false,
      }),
    },
  });
  const big = Buffer.alloc(6 * 1024 * 1024, 'a');
  await page.getByTestId('import-file').setInputFiles({ name: 'everyone.csv', mimeType: 'text/csv', buffer: big });
  await textMatches(page.getByTestId('transfer-error'), /everyone\.csv is 6\.0 MB; an import can be at most 5 MB/, 'the size, before reading');
  assert.equal(called(calls, 'import_preview').length, 0, 'nothing sent');
  assert.equal(await page.getByTestId('import-report').count(), 0);

  await page.getByTestId('import-file').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from('Name\nAna Díaz\n') });
  await page.getByTestId('import-report').waitFor();
  assert.equal(await page.getByTestId('transfer-error').count(), 0, 'the size message goes with the next file');
  const sent = /** @type {any} */ (called(calls, 'import_preview')[0]?.args);
  assert.equal(sent?.text, 'Name\nAna Díaz\n', 'the file as it is');
  assert.deepEqual(errors, []);
  await page.close();
});

test('evaluations: rating a draft saves at once and shows the core\'s scores; finalizing names the unrated criterion', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/evaluations' });
  await page.getByTestId('evaluation-row').first().waitFor();
  assert.equal(await page.getByTestId('evaluation-row').count(), 10, 'this year’s round');
  await page.getByTestId('open-evaluation').first().click();
  await page.getByTestId('scores').waitFor();
  assert.equal((await page.getByTestId('score-cs').innerText()).trim(), '—', 'nothing rated yet');
  assert.equal(await page.getByTestId('evidence').count(), 2, 'evidence beside both customer-service sections');

  // Criterion 8 is the first of customer service to patients.
  await page.getByTestId('rate-8-5').check();
  await textMatches(page.getByTestId('score-cs'), /5\.0 \(100\.0%\)/, 'the score follows the rating');
  const saved = /** @type {any} */ (called(calls, 'evaluation_save').at(-1)?.args.edit);
  assert.deepEqual(
    saved.ratings.map((/** @type {any} */ r) => [r.rating, r.notApplicable]),
    Array.from({ length: 15 }, (_, i) => [i === 8 ? 5 : null, false]),
  );

  await page.getByTestId('finalize').click();
  await page.getByTestId('confirm-ok').click();
  await textMatches(page.getByTestId('error-ratings.0.rating'), /"Knows the procedures of the role" is not rated/, 'the first unrated criterion is named');
  assert.equal(called(calls, 'evaluation_finalize').length, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('evaluations: a change to a finalized review asks for a reason at its field', async () => {
  const { page, calls } = await ui.open({ hash: '#/evaluations/4' });
  await page.getByTestId('scores').waitFor();
  await page.getByTestId('rate-0-2').check();
  assert.equal(called(calls, 'evaluation_save').length, 0, 'a finalized review does not save on a click');
  await page.getByTestId('save').click();
  await textMatches(page.getByTestId('error-amendmentReason'), /say why/, 'the reason is asked for under its input');
  await page.getByTestId('field-amendmentReason').fill('A complaint came to light');
  await page.getByTestId('save').click();
  await page.getByTestId('amendments').waitFor();
  await page.getByTestId('print-save').click();
  await textMatches(page.getByTestId('notice'), /Saved .*review\.pdf/, 'where the PDF went');
  const req = /** @type {any} */ (called(calls, 'print_save')[0]?.args.request);
  assert.deepEqual(req, { document: 'evaluation', id: 4 });
  await page.close();
});

test('a manager: the window shows what the core\'s policy grants, and no more', async () => {
  const fake = createFakeBackend();
  fake.state.session = { account: 2, role: 'manager', name: 'Pat Manager', staff: null, permissions: POLICY.manager ?? [] };
  const { page } = await ui.open({ fake, hash: '#/evaluations/11' });
  await page.getByTestId('scores').waitFor();
  assert.equal(await page.getByTestId('pay').locator('input').first().isDisabled(), true, 'the pay recommendation is the owner\'s');
  assert.equal(await page.getByTestId('finalize').count(), 0, 'no Finalize for a manager');
  assert.equal(await page.getByTestId('save').count(), 1, 'the draft can still be saved');

  await page.goto(`${ui.url}#/evaluations/4`);
  await page.getByTestId('status').waitFor();
  await textMatches(page.locator('.form-actions'), /Only the owner amends/, 'no Save amendment for a manager');

  await page.goto(`${ui.url}#/settings`);
  await textMatches(page.locator('.banner.info'), /the owner's to change/, 'settings are read-only');
  await page.getByTestId('backup-now').waitFor();
  assert.equal(await page.getByTestId('restore-file').count(), 0, 'no restore for a manager');
  await page.close();
});

test('Settings: the owner adds a manager who is on the staff, with their staff record; people with an account are not offered', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/settings' });
  const form = page.getByTestId('manager-form');
  const record = form.getByTestId('field-staffId');
  await record.locator('option', { hasText: 'Sam Carter' }).waitFor({ state: 'attached' });
  const offered = await record.locator('option').allInnerTexts();
  assert.ok(!offered.includes('Zoë Núñez'), 'someone with a kiosk PIN already has an account');
  assert.ok(!offered.includes('Tom Becker'), 'nor is someone who has left');
  await record.selectOption({ label: 'Sam Carter' });
  assert.equal(await form.getByTestId('field-name').inputValue(), 'Sam Carter', 'the name taken from the record');
  await form.getByTestId('field-passphrase').fill('front desk mornings');
  await form.getByTestId('field-confirm').fill('front desk mornings');
  await form.getByTestId('add-manager').click();
  const sam = page.getByTestId('account-row').filter({ hasText: 'Passphrase (manager)' });
  await textMatches(sam.getByTestId('account-staff'), /^Sam Carter$/, 'the account names his staff record');
  assert.deepEqual(called(calls, 'manager_create')[0]?.args, { input: { name: 'Sam Carter', passphrase: 'front desk mornings', confirm: 'front desk mornings', staffId: 13 } });
  assert.equal(await record.inputValue(), '', 'the form is emptied for the next one');
  assert.deepEqual(errors, []);
  await page.close();
});

test('change history: the whole practice\'s changes, filtered by kind and person, older ones on request', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/overview' });
  await page.getByTestId('nav-changes').click();
  const items = page.locator('[data-testid="change-log"] > li');
  await countIs(items, 3, 'the first page');
  assert.match(await items.first().innerText(), /Practice settings updated/);
  await page.getByTestId('changes-older').click();
  await countIs(items, 6, 'older changes are added below');
  assert.equal(await page.getByTestId('changes-older').count(), 0, 'nothing older');

  await page.getByTestId('changes-kind').selectOption({ label: 'Training courses' });
  await countIs(items, 1, 'only course changes');
  assert.match(await items.first().innerText(), /Patient privacy/);
  assert.match(await page.evaluate(() => location.hash), /kind=course/, 'the filter is in the link');
  await page.getByTestId('changes-kind').selectOption({ label: 'Everything' });
  await page.getByTestId('changes-person').selectOption({ label: '佐藤 健' });
  await countIs(items, 1, 'only changes about him');
  const last = /** @type {any} */ (called(calls, 'audit_list').at(-1)?.args.filter);
  assert.deepEqual(last, { entity: null, person: 10, before: null });
  assert.deepEqual(errors, []);
  await page.close();
});

test('when no PDF viewer can be opened, the window says so and offers Save PDF instead', async () => {
  const { page, calls } = await ui.open({
    hash: '#/evaluations/4',
    overrides: {
      print_open: () => {
        throw { code: 'io', message: 'No program to show PDFs is set up on this computer: use Save PDF… to keep the file instead' };
      },
    },
  });
  await page.getByTestId('print-open').click();
  await textMatches(page.getByTestId('print-error'), /No program to show PDFs/, 'the reason, under the buttons');
  await page.getByTestId('print-save-instead').click();
  await textMatches(page.getByTestId('notice'), /Saved .*review\.pdf/, 'saved instead');
  assert.equal(called(calls, 'print_save').length, 1);
  await page.close();
});

test('a PDF with characters no font has is saved, and the window says which lines', async () => {
  const line = 'Annual review 2026 — Zoë Núñez, under “Teamwork”: the line “Comment: \u{E000}” has U+E000, which no font here can print: it shows as a box';
  const { page } = await ui.open({
    hash: '#/evaluations/4',
    overrides: { print_save: () => ({ path: '/home/zoë/Documents/review.pdf', warnings: [line] }) },
  });
  await page.getByTestId('print-save').click();
  await textMatches(page.getByTestId('notice'), /Saved .*review\.pdf/, 'where the PDF went');
  await textMatches(page.getByTestId('print-warnings'), /one line has characters no font here can print/, 'what is wrong');
  await textMatches(page.getByTestId('print-warnings'), /under “Teamwork”/, 'and where');
  await page.getByTestId('print-open').click();
  await eventually(() => page.getByTestId('print-warnings').count(), (n) => n === 0, 'a print without boxes clears the warning');
  await page.close();
});

test('scrolling past the end of a long evaluation scrolls the screen, never the window', async () => {
  for (const id of [11, 4]) {
    const { page } = await ui.open({ hash: `#/evaluations/${id}` });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('scores').waitFor();
    await page.mouse.move(700, 400);
    for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 800);
    await eventually(() => page.evaluate(() => document.querySelector('.content')?.scrollTop ?? 0), (t) => t > 0, 'the screen scrolled');
    const window = await page.evaluate(() => ({
      scrolled: document.scrollingElement?.scrollTop,
      sidebar: document.querySelector('.sidebar')?.getBoundingClientRect().top,
    }));
    assert.deepEqual(window, { scrolled: 0, sidebar: 0 }, `evaluation ${id}: the window itself does not move`);
    await page.close();
  }
});

test('templates: a weight that is not a number, and customer service under the minimum, are refused at their fields', async () => {
  const { page, calls } = await ui.open({ hash: '#/templates/1' });
  await page.getByTestId('template-section').first().waitFor();
  await page.getByTestId('weight-0-0').fill('heavy');
  await page.getByTestId('save').click();
  await textMatches(page.getByTestId('error-sections.0.criteria.0.weight'), /must be a number/, 'the weight, in the window');
  assert.equal(called(calls, 'template_update').length, 0, 'nothing sent');

  await page.getByTestId('weight-0-0').fill('20');
  await page.getByTestId('save').click();
  await textMatches(page.getByTestId('error-sections'), /20\.9% of the weight, 4\.1 points under the practice minimum/, 'the minimum, from the core');

  // One click adds a criterion made from a standard to the patients' section (the fifth).
  await page.getByTestId('from-standard-4').selectOption({ index: 1 });
  await eventually(() => page.getByTestId('template-section').nth(4).locator('input[name*=".criteria."][name$=".title"]').count(), (n) => n === 5, 'a fifth criterion');
  await page.getByTestId('weight-0-0').fill('2');
  await page.getByTestId('save').click();
  await textMatches(page.getByTestId('notice'), /Saved “Annual review”/, 'saved');
  const sent = /** @type {any} */ (called(calls, 'template_update').at(-1)?.args.input);
  assert.equal(sent.sections[0].criteria[0].weight, 2, 'weights are sent as numbers');
  assert.equal(sent.sections[4].criteria[4].standardId, 3, 'the link to the standard is kept');
  await page.close();
});

test('evaluations: a 90-day review for one person; a period that ends before it starts is refused at its field', async () => {
  const { page, calls } = await ui.open({ hash: '#/evaluations' });
  await page.getByTestId('evaluation-row').first().waitFor();
  await page.getByTestId('new-evaluation').click();
  await page.getByTestId('field-staffId').selectOption({ index: 1 });
  await page.getByTestId('field-periodStart').fill('2026-06-01');
  await page.getByTestId('field-periodEnd').fill('2026-03-01');
  await page.getByTestId('create-evaluation').click();
  await textMatches(page.getByTestId('error-periodEnd'), /ends .* before it starts/, 'the period, at its field');
  await page.getByTestId('field-periodEnd').fill('2026-08-30');
  await page.getByTestId('create-evaluation').click();
  await page.getByTestId('scores').waitFor();
  const sent = /** @type {any} */ (called(calls, 'evaluation_create').at(-1)?.args.input);
  assert.equal(sent.kind, 'ninety_day');
  await page.close();
});

test('backups: choosing a folder off this computer, then Copy now, says when the last copy was made', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/settings' });
  await textMatches(page.getByTestId('offsite-status'), /No copy is made off this computer/, 'nothing chosen yet');
  assert.equal(await page.getByTestId('offsite-copy-now').count(), 0, 'nothing to copy to yet');
  await page.getByTestId('offsite-choose').click();
  await textMatches(page.getByTestId('offsite-status'), /go to \/media\/usb; none has been made yet/, 'the folder chosen');
  await page.getByTestId('offsite-copy-now').click();
  await textMatches(page.getByTestId('offsite-status'), /Last copy off this computer: .*\/media\/usb/, 'the copy made');
  await countIs(page.getByTestId('offsite-copies').locator('tbody tr'), 1, 'the copy is listed to restore from');
  assert.equal(called(calls, 'offsite_copy_now').length, 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('settings: the practice\'s date format, clock and time zone apply at once, to what is shown and what is typed', async () => {
  /** @type {unknown[]} */
  const sent = [];
  const { page, calls, errors } = await ui.open({
    hash: '#/settings',
    overrides: {
      staff_create: ({ input }) => {
        sent.push(input);
        throw { code: 'invalid', field: 'name', message: 'Refused here: only what was sent matters' };
      },
    },
  });
  await page.getByTestId('field-dateFormat').selectOption('dmy');
  await page.getByTestId('field-clock').selectOption('12h');
  await page.getByTestId('field-timeZone').selectOption('America/New_York');
  await page.getByTestId('field-currency').selectOption('GBP');
  await page.getByTestId('save').click();
  await eventually(async () => called(calls, 'practice_update').length, (n) => n === 1, 'the settings are saved');

  // A time stored in UTC (15:02 on 20 November) shows in the practice's zone and clock.
  await page.getByTestId('nav-changes').click();
  const first = page.locator('[data-testid="change-log"] > li').first();
  await textMatches(first, /20\/11\/2026, 10:02 AM/, 'the change list in New York time, day first');

  // A stored date (Zoë's hire date, 2022-03-23) is written day first.
  await page.evaluate(() => (location.hash = '#/staff/2'));
  await textMatches(page.locator('main'), /Hire date\s*23\/03\/2022/, 'the staff page writes the hire date day first');

  // A date field asks for the practice's format, greyed, and reads it.
  await page.evaluate(() => (location.hash = '#/staff/new'));
  const hire = page.getByTestId('field-hireDate');
  assert.equal(await hire.inputValue(), '', 'an empty date field is empty');
  assert.equal(await hire.getAttribute('placeholder'), 'DD/MM/YYYY');
  await page.getByTestId('field-name').fill('Kwame Mensah');
  await hire.fill('3/2/2026');
  await hire.blur();
  assert.equal(await hire.inputValue(), '03/02/2026', 'written out in full on leaving the field');
  await page.getByTestId('save').click();
  await eventually(async () => sent.length, (n) => n === 1, 'the person is sent');
  assert.equal(/** @type {any} */ (sent[0]).hireDate, '2026-02-03', 'sent year first');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a date that is not one is sent as typed, so the core refuses it at its field', async () => {
  /** @type {unknown[]} */
  const sent = [];
  const { page } = await ui.open({
    hash: '#/staff/new',
    overrides: {
      staff_create: ({ input }) => {
        sent.push(input);
        throw { code: 'invalid', field: 'hireDate', message: 'Hire date 2026-02-30 is not a real date' };
      },
    },
  });
  await page.getByTestId('field-name').fill('Kwame Mensah');
  await page.getByTestId('field-hireDate').fill('2026-02-30');
  await page.getByTestId('save').click();
  await eventually(async () => sent.length, (n) => n === 1, 'sent');
  assert.equal(/** @type {any} */ (sent[0]).hireDate, '2026-02-30');
  await page.getByTestId('error-hireDate').waitFor();
  assert.equal(await page.getByTestId('field-hireDate').inputValue(), '2026-02-30', 'what was typed is kept');
  await page.close();
});
