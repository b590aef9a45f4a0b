// Improvement: projects (the list, a project's measure charted against its
// target with the numbers beside it, a new project refused at its team when
// a role in the process has nobody on it), SWOT worksheets (made from the
// prompts, a crowded quadrant refused, two compared) and job swaps (on a
// person's page: recorded, corrected and deleted, with the training they
// count as; the practice's list; suggested by the service map). Same harness as
// flows.test.mjs (src-tauri/src/fixtures/improvement.rs,
// scenarios/improvement.rs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countIs, eventually, textMatches, uiInChromium } from './app.mjs';

const ui = uiInChromium();

test("projects: the billing cycle under way, its six measurements charted against the target with the numbers beside it, and printed", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/overview' });
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
  const { page, calls, errors } = await ui.open({ hash: '#/projects' });
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

test("SWOT: a new worksheet starts from the records' prompts with today's date, and saved it leads the list", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/projects' });
  await page.getByTestId('tab-swot').click();
  await countIs(page.getByTestId('swot-row'), 2, "the demo's two worksheets");
  await page.getByTestId('new-swot').click();
  const form = page.getByTestId('swot-form');
  const threat = form.getByTestId('quadrant-threats').getByRole('textbox', { name: 'Threats, item 1' });
  await eventually(() => threat.inputValue(), (v) => v === '1 person left in the last year', 'the prompts fill the quadrants');
  assert.equal(await form.getByTestId('field-heldOn').inputValue(), '2026-11-23', "today's date");
  await countIs(form.getByTestId('quadrant-opportunities').getByTestId('swot-item'), 6, 'each opportunity an item to edit');
  await form.getByTestId('field-title').fill('Winter review');
  const who = form.getByTestId('swot-participants');
  await who.getByRole('checkbox', { name: /Zoë Núñez/ }).check();
  await who.getByRole('checkbox', { name: /Margaret O'Neill/ }).check();
  await form.getByTestId('swot-save').click();
  await eventually(() => page.evaluate(() => location.hash), (h) => h === '#/swot/3', 'the new worksheet’s page');
  const sent = /** @type {any} */ (calls.find((c) => c.cmd === 'swot_create'))?.args.input;
  assert.deepEqual(sent.participantIds, [1, 2], 'the participants as ticked, in order');
  assert.equal(sent.heldOn, '2026-11-23');
  await page.goto(ui.url + '#/swot');
  const rows = page.getByTestId('swot-row');
  await countIs(rows, 3, 'the new worksheet listed');
  assert.match(await rows.first().innerText(), /Winter review/, 'newest first');
  assert.deepEqual(errors, []);
  await page.close();
});

test('SWOT: a thirteenth strength is refused under Strengths, the items kept; removing one takes the message away', async () => {
  const { page, errors } = await ui.open({ hash: '#/swot/new' });
  const form = page.getByTestId('swot-form');
  const strengths = form.getByTestId('quadrant-strengths');
  await countIs(strengths.getByTestId('swot-item'), 1, 'one prompted strength');
  await form.getByTestId('field-title').fill('Winter review');
  for (let n = 2; n <= 13; n += 1) {
    await strengths.getByTestId('add-strengths').click();
    await strengths.getByRole('textbox', { name: `Strengths, item ${n}` }).fill(`Strength ${n}`);
  }
  await form.getByTestId('swot-save').click();
  await textMatches(strengths.getByTestId('error-strengths'), /^Strengths: at most 12 items/, "the core's message, under the quadrant");
  await countIs(strengths.getByTestId('swot-item'), 13, 'nothing dropped');
  await countIs(form.getByTestId('error-weaknesses'), 0, 'only that quadrant');
  await strengths.getByRole('button', { name: 'Remove strengths item 13' }).click();
  await countIs(strengths.getByTestId('error-strengths'), 0, 'changing the quadrant takes the message away');
  assert.deepEqual(errors, []);
  await page.close();
});

test('SWOT: two worksheets compared side by side, quadrant by quadrant, and one printed', async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/swot' });
  const compare = page.getByTestId('swot-compare');
  await page.getByRole('checkbox', { name: 'Compare Internal service, spring' }).check();
  assert.equal(await compare.isDisabled(), true, 'two are needed');
  await page.getByRole('checkbox', { name: /^Compare / }).nth(1).check();
  await compare.click();
  const table = page.getByTestId('swot-comparison');
  await countIs(table.getByTestId('compare-head'), 2, 'a column each');
  const weak = await table.getByTestId('compare-weaknesses').innerText();
  assert.match(weak, /Claims still take 7 days/, 'the spring worksheet');
  assert.match(weak, /Charts not ready before hygiene appointments/, 'the one before');
  await countIs(table.locator('tbody tr'), 4, 'the four quadrants');
  await table.getByRole('link', { name: 'Internal service, spring' }).click();
  await page.getByTestId('swot-print-save').click();
  await textMatches(page.getByTestId('notice'), /Saved/, 'printed');
  assert.deepEqual(calls.filter((c) => c.cmd === 'print_save')[0]?.args, { request: { document: 'swot', id: 2 } });
  assert.deepEqual(errors, []);
  await page.close();
});

test("a job swap on Zoë Núñez's page: refused under the role when none is chosen; recorded, it shows in her swaps and her training history", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/staff/2' });
  const panel = page.getByTestId('person-swaps');
  await countIs(panel.getByTestId('swap-row'), 1, 'her swap in July');
  const history = page.getByTestId('history-row');
  const before = await history.count();
  await panel.getByTestId('record-swap').click();
  const form = page.getByTestId('swap-form');
  await form.getByTestId('field-hostId').selectOption({ label: 'Nguyễn Văn Anh (Dental hygienist)' });
  await form.getByTestId('field-hours').fill('3.5');
  await form.getByTestId('field-startsOn').fill('2026-11-20');
  await form.getByTestId('field-learned').fill('Hygiene runs late when the medical history is not updated at check-in.');
  await form.getByTestId('swap-save').click();
  await textMatches(form.getByTestId('error-hostRoleId'), /^Choose the role/, "the core's message, under the role");
  assert.equal(await form.getByTestId('field-hours').inputValue(), '3.5', 'what was filled in is kept');

  await form.getByTestId('field-hostRoleId').selectOption({ label: 'Dental hygienist' });
  await countIs(form.getByTestId('error-hostRoleId'), 0, 'choosing takes the message away');
  await form.getByTestId('swap-save').click();
  await countIs(panel.getByTestId('swap-row'), 2, 'recorded');
  assert.match(await panel.getByTestId('swap-row').first().innerText(), /Dental hygienist\s+Nguyễn Văn Anh\s+2026-11-20\s+3\.5\s+Hygiene runs late/);
  await countIs(history, before + 1, 'a training record with it');
  await textMatches(history.first(), /Job swap/, 'its course');
  await textMatches(history.first(), /Changed under Job swaps/, 'corrected with the swap, not as training alone');
  await countIs(history.first().getByTestId('edit-record'), 0, 'no Edit of its own');
  assert.deepEqual(
    calls.filter((c) => c.cmd === 'job_swap_record').map((c) => /** @type {any} */ (c.args.input).hostRoleId),
    [null, 3],
  );
  // The practice's swaps, newest first, hers at the top.
  await page.evaluate(() => (location.hash = '#/swaps'));
  const recorded = page.getByTestId('recorded-swap');
  await countIs(recorded, 5, 'the demo’s four and hers');
  assert.match(await recorded.first().innerText(), /Zoë Núñez\s+Dental hygienist\s+Nguyễn Văn Anh\s+2026-11-20\s+3\.5\s+Hygiene runs late/);
  assert.match(await recorded.nth(1).innerText(), /Nguyễn Văn Anh\s+Dental assistant\s+Łukasz Żółć\s+2026-10-24/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Zoë Núñez's swap of July corrected to four hours, then deleted: her training history follows each time", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/staff/2' });
  const panel = page.getByTestId('person-swaps');
  const row = panel.getByTestId('swap-row');
  await countIs(row, 1, 'her swap in July');
  const july = page.getByTestId('history-row').filter({ hasText: 'Job swap' });
  await textMatches(july, /2026-07-26\s+Job swap\s+3\.5/, 'counted as training');

  await row.getByTestId('edit-swap').click();
  const form = page.getByTestId('swap-form');
  assert.equal(await form.getByTestId('field-hours').inputValue(), '3.5', 'the form holds the swap');
  assert.equal(await form.getByTestId('field-endsOn').inputValue(), '', 'one day: no last day');
  await form.getByTestId('field-hours').fill('4');
  await form.getByTestId('swap-save').click();
  await textMatches(row, /Dental hygienist\s+Nguyễn Văn Anh\s+2026-07-26\s+4\s/, 'corrected');
  await textMatches(july, /2026-07-26\s+Job swap\s+4\s/, 'its training record with it');

  await row.getByTestId('delete-swap').click();
  await page.getByTestId('confirm-ok').click();
  await countIs(row, 0, 'deleted');
  await page.getByTestId('no-swaps').waitFor();
  await countIs(july, 0, 'its training record gone with it');
  assert.deepEqual(
    calls.filter((c) => c.cmd.startsWith('job_swap_')).map((c) => c.cmd),
    ['job_swap_update', 'job_swap_delete'],
  );
  assert.deepEqual(errors, []);
  await page.close();
});

test('job swaps: the service map suggests who has not swapped, and Record opens the form with the host role chosen', async () => {
  const { page, errors } = await ui.open({ hash: '#/projects' });
  await page.getByTestId('tab-swaps').click();
  const row = page.getByTestId('swap-suggestion').filter({ hasText: 'Dental assistant serves Dental hygienist' });
  await textMatches(row, /people who have not swapped yet:[\s\S]*Aoife Ní Bhriain/, 'the people named');
  await row.getByRole('button', { name: "Record Łukasz Żółć's swap in Dental hygienist" }).click();
  const dialog = page.getByTestId('swap-dialog');
  await textMatches(dialog.locator('h2, h1').first(), /Record a job swap for Łukasz Żółć/, 'for that person');
  const role = dialog.getByTestId('field-hostRoleId');
  assert.equal(await role.locator('option:checked').innerText(), 'Dental hygienist', 'the host role chosen');
  assert.deepEqual(errors, []);
  await page.close();
});
