// Improvement projects: the list, a project's measure charted against its
// target with the numbers beside it, and a new project refused at its team
// when a role in the process has nobody on it. Same harness as
// flows.test.mjs (src-tauri/src/fixtures/improvement.rs,
// scenarios/improvement.rs).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, serveDist } from './harness.mjs';
import { countIs, eventually, openApp, textMatches } from './app.mjs';

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

test("projects: the billing cycle under way, its six measurements charted against the target with the numbers beside it, and printed", async () => {
  const { page, calls, errors } = await openApp(browser, server.url, { hash: '#/overview' });
  await page.getByTestId('nav-improvement').click();
  const rows = page.getByTestId('project-row');
  await countIs(rows, 3, "the demo's three projects");
  assert.match(await rows.first().innerText(), /Billing cycle too long[\s\S]*Under way\s+Days from visit to claim sent \(days\)\s+12\s+6\.5\s+5/, 'under way first: baseline, latest, target');
  await rows.first().getByRole('link', { name: 'Billing cycle too long' }).click();
  const table = page.getByTestId('project-measurements-table');
  await countIs(table.locator('tbody tr'), 8, 'baseline, six measurements, target');
  const figure = page.getByTestId('chart-project-figure');
  assert.match((await figure.getAttribute('aria-label')) ?? '', /baseline 12 days, latest 6\.5, target 5/);
  assert.equal(await figure.getAttribute('aria-describedby'), await table.getAttribute('id'), 'described by its table');
  await countIs(page.getByTestId('measurement-row'), 6, 'each measurement editable');
  assert.equal(await page.getByTestId('project-team').getByRole('checkbox', { name: /Priya Raghunathan/ }).isChecked(), true, 'the team ticked');
  await page.getByTestId('project-print-save').click();
  await textMatches(page.getByTestId('notice'), /Saved/, 'printed');
  assert.deepEqual(calls.filter((c) => c.cmd === 'print_save')[0]?.args, { request: { document: 'project', id: 1 } });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a new project: a team with nobody from a role in the process is refused under the team, keeping what was filled in; with Priya it is saved', async () => {
  const { page, calls, errors } = await openApp(browser, server.url, { hash: '#/projects' });
  await page.getByTestId('new-project').click();
  const form = page.getByTestId('project-form');
  await form.getByTestId('field-title').fill('Check-out takes too long');
  await form.getByTestId('field-problem').fill('Patients wait at the desk while the bill is worked out.');
  await form.getByTestId('field-measure').fill('Minutes at check-out');
  await form.getByTestId('field-unit').fill('minutes');
  await form.getByTestId('field-baseline').fill('9');
  await form.getByTestId('field-target').fill('4');
  const roles = form.getByTestId('project-roles');
  await roles.getByLabel('Receptionist').check();
  await roles.getByLabel('Billing coordinator').check();
  const team = form.getByTestId('project-team');
  await team.getByRole('checkbox', { name: /Zoë Núñez/ }).check();
  await form.getByTestId('project-save').click();

  await textMatches(form.getByTestId('error-teamIds'), /^Nobody from Billing coordinator is on the team/, "the core's message, under the team");
  assert.equal(await form.getByTestId('field-title').inputValue(), 'Check-out takes too long', 'what was filled in is kept');
  assert.equal(await team.getByRole('checkbox', { name: /Zoë Núñez/ }).isChecked(), true);

  await team.getByRole('checkbox', { name: /Priya Raghunathan/ }).check();
  await countIs(form.getByTestId('error-teamIds'), 0, 'changing the team takes the message away');
  await form.getByTestId('project-save').click();
  await eventually(() => page.evaluate(() => location.hash), (h) => h === '#/projects/4', 'the new project’s page');
  await textMatches(page.getByTestId('project-title'), /^Check-out takes too long$/, 'saved');
  assert.deepEqual(
    calls.filter((c) => c.cmd === 'project_create').map((c) => /** @type {any} */ (c.args.input).teamIds),
    [[2], [2, 7]],
    'the team as ticked',
  );
  assert.deepEqual(errors, []);
  await page.close();
});
