// End to end, the evaluations issue in the real release binary under Xvfb: in
// the demo practice, open this year's draft for a person, rate every criterion,
// finalize, record the employee's acknowledgment, save the PDF, read the file
// back with pdftotext, and print the whole year as one PDF. `STANDARD_PRACTICE_SAVE_DIR` stands in for the save
// dialog, which no one is here to answer.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, appBinary, click, createOwner, needsSaveHook, startTauriDriver, until } from './webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-evaluation-'));
const dbPath = join(dir, 'practice.sqlite3');
const saveDir = join(dir, 'saved');
mkdirSync(saveDir);

/** @type {Awaited<ReturnType<typeof startTauriDriver>>} */
let driver;

before(async () => {
  driver = await startTauriDriver({ ...process.env, STANDARD_PRACTICE_DB: dbPath, STANDARD_PRACTICE_SAVE_DIR: saveDir });
});

after(async () => {
  await driver?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('rate a draft, finalize it, record the acknowledgment, print it and then the whole year', { skip: needsSaveHook }, async () => {
  const s = await AppSession.launch(driver.url, app);
  try {
    await createOwner(s);
    await click(s, 'start-demo');
    await s.find('[data-testid="practice-name"]');
    await click(s, 'nav-evaluations');
    // Łukasz Żółć's draft for this year.
    await until(
      s,
      `const row = [...document.querySelectorAll('[data-testid="evaluation-row"]')]
         .find((r) => r.textContent.includes('Łukasz Żółć') && r.textContent.includes('Draft'));
       if (row) row.querySelector('a').click();
       return !!row;`,
      "Łukasz Żółć's draft",
    );
    await s.find('[data-testid="scores"]');
    const criteria = /** @type {number} */ (
      await s.execute(`return document.querySelectorAll('[data-testid="criterion"]').length`)
    );
    assert.ok(criteria >= 10, `the demo template has its criteria (${criteria})`);
    for (let i = 0; i < criteria; i++) {
      await click(s, `rate-${i}-${i % 2 === 0 ? 4 : 5}`);
      // Each click saves; wait for the save to land before the next.
      await until(
        s,
        `return document.querySelector('[data-testid="rate-' + arguments[0] + '-${i % 2 === 0 ? 4 : 5}"]').checked
           && !document.querySelector('[data-testid="save"]').disabled`,
        `criterion ${i} saved`,
        [i],
      );
    }
    const cs = await until(
      s,
      `const t = document.querySelector('[data-testid="score-cs"]').textContent.trim();
       return t !== '—' && t;`,
      'the customer service score',
    );
    assert.match(String(cs), /^\d\.\d \(\d+\.\d%\)$/);

    // The bonus is read into exact cents by the core: a fraction of a cent is
    // refused at its field; 1250.5 is kept as 1250.50.
    await s.execute(`document.querySelector('input[name="recommendation"][value="bonus"]').click();`);
    const typeBonus = (/** @type {string} */ v) =>
      s.execute(
        `const el = document.querySelector('[data-testid="field-bonus"]');
         el.value = arguments[0];
         el.dispatchEvent(new Event('input', { bubbles: true }));`,
        [v],
      );
    await s.find('[data-testid="field-bonus"]');
    await typeBonus('12.345');
    await click(s, 'save');
    await until(s, `return document.querySelector('[data-testid="error-bonus"]')?.textContent.includes('two decimals')`, 'the bonus refused at its field');
    await typeBonus('1250.5');
    await click(s, 'save');
    await until(
      s,
      `return !document.querySelector('[data-testid="error-bonus"]') && document.querySelector('[data-testid="field-bonus"]').value === '1250.50'`,
      'the bonus saved as 1250.50',
    );

    await click(s, 'finalize');
    await click(s, 'confirm-ok');
    await until(s, `return document.querySelector('[data-testid="status"]').textContent.includes('Finalized')`, 'Finalized');
    await click(s, 'acknowledge');
    await s.find('[data-testid="acknowledged"]');

    await click(s, 'print-save');
    await until(s, `return document.querySelector('[data-testid="notice"]')?.textContent.includes('Saved')`, 'the saved notice');
    const files = readdirSync(saveDir);
    assert.equal(files.length, 1, `one PDF saved: ${files}`);
    const text = execFileSync('pdftotext', [join(saveDir, files[0]), '-'], { encoding: 'utf8' });
    assert.match(text, /Łukasz Żółć/);
    assert.match(text, /Acknowledged/);
    // Paper shows the score out of 5, without the window's percentage.
    const score = String(cs).split(' (')[0];
    assert.ok(text.includes(`${score} of 5`), `the PDF shows the window's score ${cs}`);
    assert.doesNotMatch(text, /DRAFT/);
    assert.match(text, /Bonus of USD 1250\.50/, 'in the practice\'s currency');

    // The whole year as one PDF, from the Evaluations screen.
    await click(s, 'nav-evaluations');
    await click(s, 'print-year');
    await until(
      s,
      `return document.querySelector('[data-testid="notice"]')?.textContent.includes('reviews to')`,
      'the batch to finish',
    );
    const year = new Date().getFullYear();
    const batch = execFileSync('pdftotext', [join(saveDir, `Annual reviews ${year}.pdf`), '-'], { encoding: 'utf8' });
    for (const name of ['Łukasz Żółć', '王芳', 'Nguyễn Văn Anh', 'Δημήτρης Παπαδόπουλος']) {
      assert.ok(batch.includes(name), `${name} is in the year's PDF`);
    }
    assert.ok(batch.includes('Page 1 of '), 'pages are counted per person');
  } finally {
    await s.quit();
  }
});
