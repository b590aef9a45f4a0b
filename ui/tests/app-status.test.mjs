// The first screen: what the UI shows for each answer of `app_status`.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openWithMockIpc, serveDist } from './harness.mjs';
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

test('shows the database path from app_status on the first-run screen', async () => {
  const dbPath = '/home/zoë/Practice Data/standard-practice.sqlite3';
  // A new database: the shell answers `setUp: false` and the welcome screen shows.
  const { page, calls, errors } = await openWithMockIpc(browser, {
    app_status: () => ({ dbPath, setUp: false }),
  });
  await page.goto(server.url);

  const shown = page.getByTestId('db-path');
  await shown.waitFor({ timeout: 10_000 });
  assert.equal(await shown.textContent(), dbPath, 'the exact path, unescaped and whole');
  assert.deepEqual(
    calls.map((c) => c.cmd),
    ['app_status'],
    'the first screen asks the shell once and nothing else',
  );
  assert.equal(await page.getByRole('alert').count(), 0, 'no error screen when the db opened');
  assert.deepEqual(errors, [], 'no script errors or CSP violations in the console');
  await page.close();
});

test('shows the database path in the app once the practice is set up', async () => {
  const dbPath = '/home/zoë/Practice Data/standard-practice.sqlite3';
  const { handlers } = createFakeBackend({ dbPath });
  const { page, errors } = await openWithMockIpc(browser, handlers);
  await page.goto(server.url);

  const shown = page.getByTestId('db-path');
  await shown.waitFor({ timeout: 10_000 });
  assert.equal(await shown.textContent(), dbPath, 'the exact path, in the sidebar');
  assert.equal(await page.getByTestId('nav-overview').count(), 1, 'the app, not the welcome screen');
  assert.deepEqual(errors, []);
  await page.close();
});

test('explains a database that could not be opened', async () => {
  const message =
    '/tmp/notes.sqlite3 is not a Standard Practice database (it is a text file); it was left untouched';
  const { page, errors } = await openWithMockIpc(browser, {
    app_status: () => ({
      dbPath: '/tmp/notes.sqlite3',
      openError: { code: 'not_our_database', message },
    }),
  });
  await page.goto(server.url);

  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: 10_000 });
  assert.match(
    (await alert.textContent()) ?? '',
    /could not be opened[\s\S]*left untouched/,
    'the reason from the core reaches the screen',
  );
  assert.deepEqual(errors, []);
  await page.close();
});
