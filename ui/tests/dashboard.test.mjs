// The practice's year: each chart a focusable figure with its numbers in a
// table beside it, the year kept in the link, the annual summary printed;
// the recommended pay for the owner and never for a manager. Same harness as
// flows.test.mjs: the built UI in Chromium against the core's recorded
// answers (src-tauri/src/fixtures/year.rs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countIs, eventually, textMatches, uiInChromium } from './app.mjs';

const ui = uiInChromium();

/** @param {import('playwright-core').Locator} table */
const cells = (table) => table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim())));

test("the practice's year: scores by year in a table beside their chart, each chart a described figure, the owner's pay, another year, and the year printed", async () => {
  const { page, calls, errors } = await ui.open({ hash: '#/overview' });
  await page.getByTestId('nav-dashboard').click();
  const byYear = page.getByTestId('by-year-table');
  await countIs(byYear.locator('tbody tr'), 5, 'five years');
  assert.deepEqual(await cells(byYear), [
    ['2022', '0', '—', '—'],
    ['2023', '0', '—', '—'],
    ['2024', '0', '—', '—'],
    ['2025', '9', '3.8', '3.6'],
    ['2026', '2', '3.4', '3.5'],
  ], 'finalized annual reviews, customer service and overall, one decimal');
  assert.equal(await page.getByTestId('dashboard-year').inputValue(), '2026', 'this year first');
  await textMatches(page.getByTestId('tile-training'), /82%[\s\S]*Training compliance[\s\S]*64 of 78 required courses current or due soon; 5 overdue, 9 never done/, 'compliance');
  await textMatches(page.getByTestId('tile-ce'), /1 of 4[\s\S]*3 licences with hours still to do/, 'continuing education');
  await textMatches(page.getByTestId('tile-round'), /2 of 11[\s\S]*10 started, 0 acknowledged/, "the round's progress");
  assert.deepEqual(await cells(page.getByTestId('headcount-table')).then((r) => r.at(-1)), ['2026', '12', '12', '1', '1', '8.3%'], 'headcount and turnover');

  const figures = page.locator('figure[tabindex="0"]');
  await countIs(figures, 5, 'five charts');
  for (const f of await figures.all()) {
    const described = (await f.getAttribute('aria-describedby')) ?? '?';
    assert.equal(await page.locator(`[id="${described}"]`).evaluate((t) => t.tagName), 'TABLE', 'each chart is described by its table');
    assert.ok(((await f.getAttribute('aria-label')) ?? '').length > 20, 'and says what it shows');
  }
  assert.match((await page.getByTestId('chart-by-year-figure').getAttribute('aria-label')) ?? '', /2025: 3\.8, 2026: 3\.4$/);
  // Drawn: the canvas has pixels that are not blank.
  const inked = await page.getByTestId('chart-met-figure').locator('canvas').evaluate(async (c) => {
    const canvas = /** @type {HTMLCanvasElement} */ (c);
    for (let i = 0; i < 40 && canvas.width === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const px = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if ((px[i] ?? 0) > 0) n++;
    return n;
  });
  assert.ok(inked > 500, `the chart is drawn (${inked} pixels)`);
  await page.getByTestId('chart-by-year-figure').focus();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'chart-by-year-figure', 'a chart takes the focus');

  const pay = page.getByTestId('pay');
  await textMatches(pay.getByTestId('pay-summary'), /0 merit increases; 1 bonus totalling \$500\.00/, 'in sum');
  assert.deepEqual(await cells(pay.getByTestId('pay-table')), [['Nguyễn Văn Anh', 'Bonus', '—', '$500.00', 'Finalized']]);

  await page.getByTestId('summary-print-save').click();
  await textMatches(page.getByTestId('notice'), /Saved/, 'printed');
  assert.deepEqual(calls.filter((c) => c.cmd === 'print_save')[0]?.args, { request: { document: 'summary', year: 2026 } });

  await page.getByTestId('dashboard-year').selectOption('2025');
  await eventually(() => page.evaluate(() => location.hash), (h) => h === '#/year?year=2025', 'the year in the link');
  await textMatches(page.locator('#pay-h'), /Recommended pay, 2025/, 'that year');
  assert.deepEqual(errors, []);
  await page.close();
});

test("the practice's year for a manager: the same numbers, and no pay", async () => {
  const { page, errors } = await ui.open({ hash: '#/settings' });
  // The owner adds Sam Carter as a manager (the fixtures' manager scenario); Sam signs in.
  const manager = page.getByTestId('manager-form');
  await manager.getByTestId('field-staffId').locator('option', { hasText: 'Sam Carter' }).waitFor({ state: 'attached' });
  await manager.getByTestId('field-staffId').selectOption({ label: 'Sam Carter' });
  await manager.getByTestId('field-passphrase').fill('front desk mornings');
  await manager.getByTestId('field-confirm').fill('front desk mornings');
  await manager.getByTestId('add-manager').click();
  await textMatches(page.getByTestId('account-row').filter({ hasText: 'Passphrase (manager)' }), /Sam Carter/, 'added');
  await page.getByTestId('lock').click();
  await page.getByRole('button', { name: /Sam Carter\s+manager/ }).click();
  await page.getByTestId('field-secret').fill('front desk mornings');
  await page.getByTestId('sign-in').click();
  await textMatches(page.getByTestId('signed-in-as'), /Sam Carter/, 'signed in');

  await page.getByTestId('nav-dashboard').click();
  const byYear = page.getByTestId('by-year-table');
  await countIs(byYear.locator('tbody tr'), 5, 'five years');
  assert.deepEqual((await cells(byYear)).at(-2), ['2025', '9', '3.8', '3.6'], 'the same scores');
  await page.getByTestId('tile-round').waitFor();
  assert.equal(await page.getByTestId('pay').count(), 0, 'no pay for a manager');
  assert.equal(await page.getByText('Recommended pay').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
