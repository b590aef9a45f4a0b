// The native menu's choices (File: New…, Print…, Save PDF…, Back up now;
// Edit: Find a person…; Help: User guide, About), as the shell sends them
// through the channel the window gave `menu_listen`, and the same shortcuts
// typed into the page (Ctrl+P, Ctrl+N, Ctrl+F, F1). What each does depends
// on the screen: src/lib/menu.svelte.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { called, chooseFromMenu, eventually, textMatches, uiInChromium } from './app.mjs';
import { createFakeBackend } from './fake-backend.mjs';

const ui = uiInChromium();

/** @param {import('playwright-core').Page} page @param {string} testid whether that `<dialog>` is open */
const isOpen = (page, testid) => page.evaluate((id) => document.querySelector(`dialog[data-testid="${id}"]`)?.hasAttribute('open') ?? false, testid);

/** @param {import('playwright-core').Page} page @param {string} testid @param {string} what */
const closes = (page, testid, what) => eventually(() => isOpen(page, testid), (o) => !o, what);

/** @param {import('playwright-core').Page} page the test id of what has the focus */
const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.localName ?? null);

/** @param {import('playwright-core').Page} page */
const hashOf = (page) => page.evaluate(() => location.hash);

/** The words New… says on a screen with nothing to add. */
const NOTHING_TO_ADD = /^There is nothing to add on this page/;

test('every menu choice, sent through the channel the window gave the shell, does what its entry says', async () => {
  const { page, calls, errors, fake } = await ui.open({ hash: '#/staff/2' });
  await page.getByTestId('transcript-save').waitFor();
  assert.equal(called(calls, 'menu_listen').length, 1, 'the window asks for the menu once, when it loads');
  assert.match(String(called(calls, 'menu_listen')[0]?.args.onChoice), /^__CHANNEL__:\d+$/, 'with a channel');

  await chooseFromMenu(page, fake, 'print');
  await eventually(() => isOpen(page, 'print-dialog'), (o) => o, 'File → Print… opens the print dialog');
  assert.equal(await page.getByTestId('print-dialog').getByRole('heading', { level: 2 }).textContent(), 'Print transcript', 'for the page’s document');
  await page.getByTestId('print-printer').waitFor();
  await page.keyboard.press('Escape');
  await closes(page, 'print-dialog', 'Escape cancels it');
  assert.equal(called(calls, 'print_send').length, 0, 'nothing printed');

  await chooseFromMenu(page, fake, 'savePdf');
  await textMatches(page.getByTestId('notice'), /^Saved .*review\.pdf$/, 'File → Save PDF… saves the page’s document, as its button does');
  assert.deepEqual(called(calls, 'print_save').map((c) => c.args.request), [{ document: 'transcript', staffId: 2 }]);

  await chooseFromMenu(page, fake, 'backUp');
  await textMatches(page.getByTestId('notice'), /^Backed up \(512 KB\)$/, 'File → Back up now, with the Backups screen’s words');
  assert.equal(called(calls, 'backup_now').length, 1);

  await chooseFromMenu(page, fake, 'about');
  await eventually(() => isOpen(page, 'about-dialog'), (o) => o, 'Help → About');
  await page.getByTestId('about-version').waitFor();
  await page.keyboard.press('Escape');
  await closes(page, 'about-dialog', 'closed');

  await chooseFromMenu(page, fake, 'userGuide');
  await eventually(() => isOpen(page, 'user-guide'), (o) => o, 'Help → User guide');
  await page.getByTestId('user-guide-text').waitFor();
  await page.keyboard.press('Escape');
  await closes(page, 'user-guide', 'closed');

  await chooseFromMenu(page, fake, 'find');
  await eventually(() => focused(page), (f) => f === 'staff-search', 'Edit → Find a person… focuses the staff list’s search');
  assert.equal(await hashOf(page), '#/staff');

  await chooseFromMenu(page, fake, 'new');
  await eventually(() => focused(page), (f) => f === 'field-name', 'File → New… on the staff list: the Add person form, at its first field');
  assert.equal(await hashOf(page), '#/staff/new');
  assert.equal(await page.getByTestId('staff-form').count(), 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the shortcuts typed into the page do the same, and keep the browser’s own from happening', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/staff/2' });
  await page.getByTestId('transcript-save').waitFor();
  // Runs after the app's own listener: whether it kept the key from the browser.
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__prevented = [];
    window.addEventListener('keydown', (e) => {
      if (e.key === 'F1' || (e.ctrlKey && e.key !== 'Control')) w.__prevented.push(`${e.key}:${e.defaultPrevented}`);
    });
  });

  await page.keyboard.press('Control+p');
  await eventually(() => isOpen(page, 'print-dialog'), (o) => o, 'Ctrl+P opens the print dialog');
  await page.getByTestId('print-printer').waitFor();
  await page.keyboard.press('Escape');
  await closes(page, 'print-dialog', 'closed');

  await page.keyboard.press('F1');
  await eventually(() => isOpen(page, 'user-guide'), (o) => o, 'F1 opens the user guide');
  await page.keyboard.press('Escape');
  await closes(page, 'user-guide', 'closed');

  // Find a person from another screen, with a search already typed: it is selected, to type over.
  await page.getByTestId('nav-staff').click();
  await page.getByTestId('staff-search').fill('zo');
  await eventually(async () => called(calls, 'staff_list').at(-1)?.args, (a) => JSON.stringify(a).includes('"zo"'), 'the list searched');
  await page.getByTestId('nav-overview').click();
  await page.getByTestId('count-active').waitFor();
  await page.keyboard.press('Control+f');
  await eventually(() => focused(page), (f) => f === 'staff-search', 'Ctrl+F: the staff search has the focus');
  assert.equal(await hashOf(page), '#/staff');
  assert.deepEqual(
    await page.getByTestId('staff-search').evaluate((i) => {
      const input = /** @type {HTMLInputElement} */ (i);
      return [input.value, input.selectionStart, input.selectionEnd];
    }),
    ['zo', 0, 2],
    'its text selected',
  );
  await page.keyboard.type('Núñez');
  assert.equal(await page.getByTestId('staff-search').inputValue(), 'Núñez', 'typing replaces it');

  await page.keyboard.press('Control+n');
  await eventually(() => focused(page), (f) => f === 'field-name', 'Ctrl+N on the staff list: the Add person form at Full name');
  assert.equal(await hashOf(page), '#/staff/new');

  assert.deepEqual(
    await page.evaluate(() => /** @type {any} */ (window).__prevented),
    ['p:true', 'F1:true', 'f:true', 'n:true'],
    'Ctrl+P, F1, Ctrl+F and Ctrl+N are the app’s, not the browser’s',
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test('File → Back up now on the Backups screen: the new backup shows in its list', async () => {
  const { page, errors, fake } = await ui.open({ hash: '#/settings' });
  await page.getByTestId('backup-now').waitFor();
  assert.equal(await page.getByTestId('backups').count(), 0, 'none yet');
  await chooseFromMenu(page, fake, 'backUp');
  await textMatches(page.getByTestId('notice'), /^Backed up/, 'taken');
  await eventually(() => page.getByTestId('backups').locator('tbody tr').count(), (n) => n === 1, 'listed without reloading the screen');
  assert.deepEqual(errors, []);
  await page.close();
});

test('New… adds where the screen has an Add or New button, and says so where there is nothing to add', async () => {
  const { page, errors, fake } = await ui.open({ hash: '#/catalog' });
  await page.getByTestId('course-row').first().waitFor();
  await chooseFromMenu(page, fake, 'new');
  await eventually(() => isOpen(page, 'course-dialog'), (o) => o, 'the catalog: Add course');
  assert.equal(await page.getByTestId('course-dialog').getByRole('heading', { level: 2 }).textContent(), 'Add course');
  await page.keyboard.press('Escape');
  await closes(page, 'course-dialog', 'closed');

  await page.getByTestId('nav-roles').click();
  await page.getByTestId('role-row').first().waitFor();
  await page.keyboard.press('Control+n');
  await eventually(() => isOpen(page, 'role-dialog'), (o) => o, 'job roles: Add role');
  await page.keyboard.press('Escape');
  await closes(page, 'role-dialog', 'closed');

  await page.getByTestId('nav-standards').click();
  await page.getByTestId('standard-row').first().waitFor();
  await page.keyboard.press('Control+n');
  await eventually(() => hashOf(page), (h) => h === '#/standards/new', 'service standards: a new standard');
  await eventually(
    () => page.evaluate(() => document.activeElement?.closest('form')?.getAttribute('data-testid') ?? null),
    (f) => f === 'standard-form',
    'at its first field',
  );

  await page.getByTestId('nav-log-training').click();
  await page.getByTestId('log-form').waitFor();
  await page.getByTestId('nav-log-training').focus();
  await page.keyboard.press('Control+n');
  await eventually(() => focused(page), (f) => f === 'field-staffId', 'log training: a new record, at its first field');

  for (const [nav, ready] of [
    ['nav-overview', 'count-active'],
    ['nav-pending', 'pending-row'],
  ]) {
    await page.getByTestId(/** @type {string} */ (nav)).click();
    await page.getByTestId(/** @type {string} */ (ready)).first().waitFor();
    const was = await hashOf(page);
    await page.keyboard.press('Control+n');
    await textMatches(page.getByTestId('notice'), NOTHING_TO_ADD, `${nav}: nothing to add, said`);
    assert.equal(await hashOf(page), was, 'and the screen stays');
  }
  await page.goto(`${ui.url}#/staff/2`);
  await page.getByTestId('transcript-save').waitFor();
  await chooseFromMenu(page, fake, 'new');
  await textMatches(page.getByTestId('notice'), NOTHING_TO_ADD, 'a person’s page adds nothing');
  assert.deepEqual(errors, []);
  await page.close();
});

test('Print… and Save PDF… with nothing to print on the page say so, and do nothing', async () => {
  for (const choice of /** @type {const} */ (['savePdf', 'print'])) {
    const { page, calls, errors, fake } = await ui.open({ hash: '#/pending' });
    await page.getByTestId('pending-row').first().waitFor();
    await chooseFromMenu(page, fake, choice);
    await textMatches(page.getByTestId('notice'), /^Nothing on this page prints: open a person, an evaluation/, `${choice}: said`);
    assert.equal(await page.getByTestId('print-dialog').count(), 0, 'no print dialog');
    assert.equal(called(calls, 'print_save').length, 0, 'nothing saved');
    assert.deepEqual(errors, []);
    await page.close();
  }

  const { page, errors } = await ui.open({ hash: '#/pending' });
  // Thank-yous: a certificate beside each, none the page's own.
  await page.getByTestId('nav-thanks').click();
  await page.getByTestId('certificate-to-printer').first().waitFor();
  await page.keyboard.press('Control+p');
  await textMatches(page.getByTestId('notice'), /^Several things on this page print on their own: use the Print… button beside the one you want\.$/, 'the one meant is not guessed');
  assert.equal(await page.getByTestId('print-dialog').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('with a dialog open, the menu leaves the page behind it alone; Help still opens', async () => {
  const { page, calls, errors, fake } = await ui.open({ hash: '#/staff/2' });
  await page.getByTestId('transcript-save').waitFor();
  await page.getByTestId('open-about').click();
  await page.getByTestId('about-version').waitFor();
  for (const choice of /** @type {const} */ (['new', 'find', 'print', 'savePdf', 'backUp'])) await chooseFromMenu(page, fake, choice);
  await page.keyboard.press('Control+n');
  await page.waitForTimeout(200);
  assert.equal(await hashOf(page), '#/staff/2', 'still on the person');
  assert.equal(await page.getByTestId('print-dialog').count(), 0);
  assert.equal(await page.getByTestId('notice').count(), 0, 'nothing said behind the dialog');
  assert.deepEqual([...called(calls, 'print_save'), ...called(calls, 'backup_now')], []);
  await chooseFromMenu(page, fake, 'userGuide');
  await eventually(() => isOpen(page, 'user-guide'), (o) => o, 'the guide opens over the About box');
  assert.deepEqual(errors, []);
  await page.close();
});

test('signed out: About and the user guide open, the rest say to sign in first', async () => {
  const { page, calls, errors, fake } = await ui.open({ fake: createFakeBackend({ signedIn: false }) });
  await page.getByTestId('lock-screen').waitFor();
  await page.keyboard.press('F1');
  await eventually(() => isOpen(page, 'user-guide'), (o) => o, 'F1 at the lock screen');
  await page.getByTestId('user-guide-text').waitFor();
  await page.keyboard.press('Escape');
  await closes(page, 'user-guide', 'closed');
  await chooseFromMenu(page, fake, 'about');
  await eventually(() => isOpen(page, 'about-dialog'), (o) => o, 'About at the lock screen');
  await page.keyboard.press('Escape');
  await closes(page, 'about-dialog', 'closed');

  for (const [choice, label] of /** @type {const} */ ([
    ['print', 'Print…'],
    ['savePdf', 'Save PDF…'],
    ['backUp', 'Back up now'],
    ['new', 'New…'],
    ['find', 'Find a person…'],
  ])) {
    await chooseFromMenu(page, fake, choice);
    await textMatches(page.getByTestId('notice'), new RegExp(`^Sign in first: ${label.replace('.', '\\.')} needs someone signed in\\.$`), choice);
  }
  await page.keyboard.press('Control+f');
  await page.keyboard.press('Control+p');
  assert.equal(await page.getByTestId('lock-screen').count(), 1, 'still the lock screen');
  assert.deepEqual(
    calls.map((c) => c.cmd).filter((c) => /^(print|backup|staff)/.test(c)),
    [],
    'no command tried',
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test('at the kiosk: the guide opens, the office’s choices say whose they are, and a refused backup says why', async () => {
  const refusal = { code: 'forbidden', message: 'Signed in as Zoë Núñez (staff), you cannot take backups' };
  const { page, errors, fake } = await ui.open({
    fake: createFakeBackend({ kiosk: 'Zoë Núñez' }),
    overrides: {
      backup_now: () => {
        throw refusal;
      },
    },
  });
  await page.getByTestId('kiosk-log').waitFor();
  await chooseFromMenu(page, fake, 'backUp');
  await textMatches(page.getByTestId('notice'), /^Signed in as Zoë Núñez \(staff\), you cannot take backups$/, 'the core’s refusal, as it came');
  assert.equal(await page.getByTestId('notice').getAttribute('role'), 'alert', 'said as a refusal');

  await page.keyboard.press('Control+f');
  await textMatches(page.getByTestId('notice'), /^Find a person… is for the office manager or the owner/, 'Find is the office’s');
  await page.keyboard.press('Control+n');
  await textMatches(page.getByTestId('notice'), /^New… is for the office manager or the owner/, 'New… too');
  await page.keyboard.press('Control+p');
  await textMatches(page.getByTestId('notice'), /^Several things on this page print on their own/, 'the board and the certificates print from their own buttons');
  await page.keyboard.press('F1');
  await eventually(() => isOpen(page, 'user-guide'), (o) => o, 'F1 at the kiosk');
  assert.equal(await page.getByTestId('kiosk-log').count(), 1, 'still the kiosk');
  assert.deepEqual(errors, []);
  await page.close();
});
