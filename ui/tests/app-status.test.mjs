// The first screen: what the UI shows for each answer of `app_status`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openWithMockIpc } from './harness.mjs';
import { uiInChromium } from './app.mjs';
import { createFakeBackend } from './fake-backend.mjs';

const ui = uiInChromium();

test('a new database asks for the owner account first, refusing a weak passphrase at its field', async () => {
  const dbPath = '/home/zoë/Practice Data/standard-practice.sqlite3';
  const { handlers } = createFakeBackend({ setUp: false, signedIn: false, dbPath });
  const { page, calls, errors } = await openWithMockIpc(ui.browser, handlers);
  await page.goto(ui.url);

  const form = page.getByTestId('owner-form');
  await form.waitFor({ timeout: 10_000 });
  assert.deepEqual(
    calls.map((c) => c.cmd).sort(),
    ['app_status', 'menu_listen', 'session_get', 'sign_in_options'],
    'the first screen asks the shell about the file and who may sign in, and listens to the menu; nothing else: no settings before signing in',
  );
  await page.getByTestId('field-name').fill('Dr. Ana Patel');
  await page.getByTestId('field-passphrase').fill('short');
  await page.getByTestId('field-confirm').fill('short');
  await page.getByTestId('create-owner').click();
  const error = page.getByTestId('error-passphrase');
  await error.waitFor();
  assert.match(await error.textContent() ?? '', /at least 8 characters/);
  assert.equal(await page.getByTestId('field-passphrase').getAttribute('aria-invalid'), 'true');

  await page.getByTestId('field-passphrase').fill('lakeside harbour');
  await page.getByTestId('field-confirm').fill('lakeside harbour');
  await page.getByTestId('create-owner').click();
  // Then the first-run welcome, with the data file's exact path.
  const shown = page.getByTestId('db-path');
  await shown.waitFor({ timeout: 10_000 });
  assert.equal(await shown.textContent(), dbPath, 'the exact path, unescaped and whole');
  assert.equal(await page.getByRole('alert').count(), 0, 'no error screen when the db opened');
  assert.deepEqual(errors, [], 'no script errors or CSP violations in the console');
  await page.close();
});

test('the kiosk: a wrong PIN is refused at its field; the right one shows only the person, and Done locks', async () => {
  const { handlers } = createFakeBackend({ signedIn: false });
  const { page, errors } = await openWithMockIpc(ui.browser, handlers);
  await page.goto(ui.url);

  await page.getByRole('button', { name: 'Zoë Núñez' }).click();
  await page.getByTestId('field-secret').fill('0000');
  await page.getByTestId('sign-in').click();
  await page.getByTestId('error-secret').waitFor();
  assert.match(await page.getByTestId('error-secret').textContent() ?? '', /PIN is not right/);

  await page.getByTestId('field-secret').fill('1234');
  await page.getByTestId('sign-in').click();
  await page.getByTestId('kiosk-name').waitFor();
  assert.equal(await page.getByTestId('kiosk-name').textContent(), 'Zoë Núñez');
  assert.equal(await page.getByTestId('nav-staff').count(), 0, 'no way to the staff list from the kiosk');
  // Of anyone else, only names: on the thank-you wall, among the colleagues
  // to thank, and whom she serves; never a record, nor a way to one.
  const elsewhere = await page.evaluate(() =>
    [...document.querySelectorAll('main *')].filter(
      (e) =>
        [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.includes('Nguyễn Văn Anh')) &&
        !e.closest('[data-testid="kiosk-wall"], [data-testid="kiosk-thanks"], [data-testid="kiosk-customers"]'),
    ).length,
  );
  assert.equal(elsewhere, 0, 'nobody else on the page but by name, where names belong');
  assert.equal(await page.getByText('Nguyễn Văn Anh').count() > 0, true, 'the check above looks for a name that is there');
  assert.equal(await page.locator('a[href^="#/staff"]').count(), 0, 'no way to anyone’s record');

  await page.getByTestId('kiosk-done').click();
  await page.getByRole('heading', { name: 'Locked' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('shows the database path in the app once the practice is set up', async () => {
  const dbPath = '/home/zoë/Practice Data/standard-practice.sqlite3';
  const { handlers } = createFakeBackend({ dbPath });
  const { page, errors } = await openWithMockIpc(ui.browser, handlers);
  await page.goto(ui.url);

  const shown = page.getByTestId('db-path');
  await shown.waitFor({ timeout: 10_000 });
  assert.equal(await shown.textContent(), dbPath, 'the exact path, in the sidebar');
  assert.equal(await page.getByTestId('nav-overview').count(), 1, 'the app, not the welcome screen');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a damaged database: the recovery screen says why, lists the backups, and starts a new practice beside it', async () => {
  const message = '/tmp/practice.sqlite3 is damaged (database disk image is malformed); it was left untouched';
  const fresh = createFakeBackend({ setUp: false, signedIn: false, dbPath: '/tmp/standard-practice-2026-11-23.sqlite3' });
  let opened = false;
  const { page, calls, errors } = await openWithMockIpc(ui.browser, {
    ...fresh.handlers,
    app_status: (args) =>
      opened
        ? fresh.handlers.app_status(args)
        : { dbPath: '/tmp/practice.sqlite3', openError: { code: 'damaged_database', message } },
    recovery_backups: () => [
      { path: '/tmp/backups/standard-practice-20261122T080000.000Z-daily.sqlite3', takenAt: '2026-11-22T08:00:00Z', reason: { kind: 'daily' }, size: 2_400_000 },
    ],
    recovery_new_practice: () => {
      opened = true;
      return { dbPath: '/tmp/standard-practice-2026-11-23.sqlite3', setUp: false };
    },
  });
  await page.goto(ui.url);

  const alert = page.getByTestId('open-error');
  await alert.waitFor({ timeout: 10_000 });
  const text = (await alert.textContent()) ?? '';
  assert.match(text, /damaged[\s\S]*left untouched/, 'the reason from the core reaches the screen');
  assert.match(text, /Daily, at start-up/, 'the backup beside the file is offered');
  assert.match(text, /2\.3 MB/);
  await page.getByTestId('new-practice').click();
  // A new practice starts at the owner's account.
  await page.getByTestId('owner-form').waitFor();
  assert.ok(calls.some((c) => c.cmd === 'recovery_new_practice'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the kiosk shows every name, and finds one as it is typed, accents or not', async () => {
  const fake = createFakeBackend({ signedIn: false });
  /** @type {import('../src/lib/bindings.js').SignInOptions} */
  const options = fake.read('sign_in_options');
  // The demo's kiosk names, and thirty more: a practice bigger than the demo.
  const more = Array.from({ length: 30 }, (_, i) => ({ id: 1001 + i, name: `Person ${i + 1}`, role: /** @type {const} */ ('staff') }));
  const { page, errors } = await openWithMockIpc(ui.browser, {
    ...fake.handlers,
    sign_in_options: () => ({ ...options, kiosk: [...options.kiosk, ...more] }),
  });
  await page.goto(ui.url);

  const names = page.locator('.names.kiosk button');
  await page.getByRole('button', { name: 'Person 30' }).waitFor();
  assert.ok((await names.count()) > 30, 'everyone is listed');
  const list = page.locator('.names.kiosk');
  assert.equal(await list.evaluate((el) => el.scrollHeight <= el.clientHeight), true, 'no name hidden in a scroll box');

  await page.getByTestId('kiosk-find').fill('nunez');
  assert.deepEqual(await names.allTextContents().then((t) => t.map((s) => s.trim())), ['Zoë Núñez']);
  await page.getByTestId('kiosk-find').fill('zzz');
  assert.equal(await names.count(), 0);
  await page.getByText('No name on the kiosk matches').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test('the last screen is reopened for its own practice file only', async () => {
  const here = '/practices/riverside.sqlite3';
  const other = '/practices/harbour.sqlite3';
  /** @param {string} dbPath @param {Record<string, string>} stored */
  const start = async (dbPath, stored) => {
    const { handlers } = createFakeBackend({ dbPath });
    const { page, errors } = await openWithMockIpc(ui.browser, handlers);
    await page.addInitScript((s) => {
      for (const [k, v] of Object.entries(s)) localStorage.setItem(k, v);
    }, stored);
    await page.goto(ui.url);
    return { page, errors };
  };
  const remembered = { [`standard-practice.last-route:${here}`]: '#/staff/6', 'standard-practice.last-route': '#/staff/6' };

  const a = await start(here, remembered);
  await a.page.getByTestId('due-row').first().waitFor();
  assert.equal(await a.page.evaluate(() => location.hash), '#/staff/6', 'its own last screen');
  assert.deepEqual(a.errors, []);
  await a.page.close();

  const b = await start(other, remembered);
  await b.page.getByTestId('count-active').waitFor();
  assert.equal(await b.page.evaluate(() => location.hash), '#/overview', "another practice's screen is not opened");
  assert.deepEqual(b.errors, []);
  await b.page.close();
});

test('every screen fits the 900×600 minimum window: no column or button cut off behind a scrollbar', async () => {
  const screens = [
    ['#/overview', 'count-active'], ['#/staff', 'staff-row'], ['#/staff/2', 'due-row'], ['#/log?staff=9', 'field-courseId'],
    ['#/pending', 'pending-row'], ['#/standards', 'standard-row'], ['#/standards/2', 'versions'], ['#/catalog', 'course-row'],
    ['#/roles', 'role-row'], ['#/thanks', 'thanks-row'], ['#/transfer', 'export-staff'], ['#/settings', 'field-ratingLabels-5'],
  ];
  for (const [hash, ready] of screens) {
    const { page, errors } = await ui.open({ hash });
    await page.setViewportSize({ width: 900, height: 600 });
    await page.getByTestId(ready).first().waitFor();
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('.content, .content *, .sidebar')]
        .filter((e) => !e.classList.contains('visually-hidden') && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
        .map((e) => e.className),
    );
    assert.deepEqual(cut, [], `${hash}: something is wider than its box`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});
