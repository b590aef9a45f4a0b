// End to end, the customer-service evidence in the real release binary under
// Xvfb, in the demo practice: the office asks Łukasz Żółć for feedback on a
// colleague; at the kiosk he answers it, thanks her, sends a suggestion and
// hands in his self-review; the office logs a patient's complaint about him
// and ten phone checks, and sees his met rate; his draft review proposes the
// phone criterion's rating from the checks and shows the evidence beside it;
// the owner accepts the proposal, finalizes, saves the PDF, and the evidence
// summary and his self-ratings are on paper (read back with pdftotext).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, appBinary, click, createOwner, needsSaveHook, set, shot, signInAsOwner, startTauriDriver, until } from './webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-service-'));
const saveDir = join(dir, 'saved');
mkdirSync(saveDir);

const PERSON = 'Łukasz Żółć';
const COLLEAGUE = 'Aoife Ní Bhriain';
const PHONE = 'Answer every call with the practice name and your own name, before the third ring.';
const THANKS = 'Set up room 2 for me when my patient came early.';
const SUGGESTION = 'A second sharps container in room 3.';
const COMPLAINT = 'Waited on hold five minutes and nobody said why.';
/** Rings before each call was answered: nine within the target of 3, one over. */
const RINGS = [1, 2, 2, 3, 1, 2, 4, 1, 2, 3];

/** @type {Awaited<ReturnType<typeof startTauriDriver>>} */
let driver;

before(async () => {
  driver = await startTauriDriver({
    ...process.env,
    STANDARD_PRACTICE_DB: join(dir, 'practice.sqlite3'),
    STANDARD_PRACTICE_SAVE_DIR: saveDir,
  });
});

after(async () => {
  await driver?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Ticks the box labelled `name` inside `scope` (a CSS selector). @param {AppSession} s @param {string} scope @param {string} name */
async function tick(s, scope, name) {
  await until(
    s,
    `const label = [...document.querySelectorAll(arguments[0] + ' label')].find((l) => l.textContent.trim() === arguments[1]);
     const box = label?.querySelector('input') ?? (label?.htmlFor && document.getElementById(label.htmlFor));
     if (!box) return false;
     if (!box.checked) box.click();
     return box.checked;`,
    `${name} ticked`,
    [scope, name],
  );
}

/** Opens the person named `name` from the Staff list. @param {AppSession} s @param {string} name */
async function openPerson(s, name) {
  await click(s, 'nav-staff');
  await until(
    s,
    `const a = [...document.querySelectorAll('a')].find((x) => x.textContent.trim() === arguments[0]);
     if (a) a.click();
     return !!a;`,
    `${name} in the Staff list`,
    [name],
  );
  await s.find('[data-testid="due-row"]');
}

/** @param {AppSession} s @param {string} testid @returns {Promise<string>} */
async function textOf(s, testid) {
  return s.text(await s.find(`[data-testid="${testid}"]`));
}

test('kiosk feedback, thanks, a suggestion and a self-review; a complaint and ten checks; a measured proposal, finalized and printed with its evidence', { skip: needsSaveHook }, async () => {
  const s = await AppSession.launch(driver.url, app);
  try {
    await createOwner(s);
    await click(s, 'start-demo');
    await s.find('[data-testid="practice-name"]');
    const today = String(await s.execute('const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, "0")).join("-");'));
    const inTwoWeeks = String(
      await s.execute('const d = new Date(); d.setDate(d.getDate() + 14); return [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, "0")).join("-");'),
    );

    // The office asks Łukasz, by hand, how Aoife serves him.
    await openPerson(s, COLLEAGUE);
    await click(s, 'ask-feedback');
    await s.find('[data-testid="ask-form"]');
    await s.execute(`document.querySelectorAll('[data-testid="ask-form"] [data-testid="ask-person"]').forEach((b) => { if (b.checked) b.click(); });`);
    await tick(s, '[data-testid="ask-form"]', PERSON);
    await set(s, 'field-purpose', 'Any time: how is chairside support going?', 'ask-form');
    await set(s, 'field-closesOn', inTwoWeeks, 'ask-form');
    await click(s, 'ask-save');
    await until(
      s,
      `return [...document.querySelectorAll('[data-testid="request-answered"]')].some((r) => /0 of 1: /.test(r.innerText) && r.innerText.includes(arguments[0]));`,
      'the request, asked of Łukasz',
      [PERSON],
    );

    // Łukasz at the kiosk with the demo's PIN.
    await click(s, 'lock');
    await s.find('[data-testid="lock-screen"]');
    await until(
      s,
      `const b = [...document.querySelectorAll('[data-testid^="kiosk-"]')].find((x) => x.textContent.trim() === arguments[0]);
       if (b) b.click();
       return !!b;`,
      'Łukasz on the lock screen',
      [PERSON],
    );
    await s.type(await s.find('[data-testid="field-secret"]'), '1234');
    await click(s, 'sign-in');
    await s.find('[data-testid="kiosk-feedback-give"]');

    // He answers about Aoife: every standard met, would choose her 5 of 5.
    const answered = await until(
      s,
      `const ask = [...document.querySelectorAll('[data-testid="feedback-ask"]')].find((a) => a.textContent.includes('About ' + arguments[0]));
       if (!ask) return 0;
       const met = ask.querySelectorAll('[data-testid="answer-met"]');
       met.forEach((r) => r.click());
       ask.querySelector('[data-testid="would-choose-5"]').click();
       return met.length;`,
      'the request about Aoife at the kiosk',
      [COLLEAGUE],
    );
    assert.ok(Number(answered) >= 1, `the internal standards of her role are asked about (${answered})`);
    await set(s, 'field-comment', 'Always has the tray ready before I ask.', 'kiosk-feedback-give');
    await click(s, 'answer-save');
    await until(s, `return document.querySelector('[data-testid="feedback-sent"]')?.textContent.includes(arguments[0])`, 'his answer recorded', [COLLEAGUE]);

    // He thanks her.
    await set(s, 'thanks-find', 'aoife', 'kiosk-thanks');
    await tick(s, '[data-testid="kiosk-thanks"]', COLLEAGUE);
    await set(s, 'field-what', THANKS, 'kiosk-thanks');
    await click(s, 'thanks-save');
    await until(s, `return document.querySelector('[data-testid="thanks-sent"]')?.textContent.includes(arguments[0])`, 'the thank-you sent', [COLLEAGUE]);
    await until(
      s,
      `return [...document.querySelectorAll('[data-testid="wall-entry"]')].some((e) => e.textContent.includes(arguments[0]));`,
      'the thank-you on the wall',
      [THANKS],
    );

    // A suggestion, signed.
    await set(s, 'field-text', SUGGESTION, 'kiosk-suggest');
    await click(s, 'suggestion-save');
    await s.find('[data-testid="suggestion-sent"]');
    await until(s, `return document.querySelector('[data-testid="kiosk-my-suggestions"]').textContent.includes(arguments[0])`, 'among his suggestions', [SUGGESTION]);

    // His self-review: 4 everywhere, a comment on the first, handed in.
    const criteria = Number(await until(s, `return document.querySelectorAll('[data-testid="self-criterion"]').length`, 'his draft to rate'));
    assert.ok(criteria >= 10, `the criteria of his draft (${criteria})`);
    await s.execute(`for (let i = 0; i < arguments[0]; i++) document.querySelector('[data-testid="self-rate-' + i + '-4"]').click();`, [criteria]);
    await set(s, 'self-comment-0', 'I keep the rooms stocked before the first patient.', 'self-review-form');
    await shot(s, 'kiosk-self-review');
    await click(s, 'self-hand-in');
    await until(s, `return document.querySelector('[data-testid="self-sent"]')?.textContent.includes('Handed in')`, 'handed in');
    await click(s, 'kiosk-done');

    // The office: a patient's complaint about him, on the phone standard.
    await signInAsOwner(s);
    await click(s, 'nav-feedback');
    await click(s, 'log-feedback');
    await s.find('[data-testid="feedback-form"]');
    await click(s, 'kind-complaint');
    await set(s, 'field-receivedOn', today, 'feedback-form');
    await set(s, 'field-channel', 'Phone', 'feedback-form');
    await set(s, 'field-summary', COMPLAINT, 'feedback-form');
    await set(s, 'field-staffId', PERSON, 'feedback-form');
    await set(s, 'field-standardId', PHONE, 'feedback-form');
    await click(s, 'feedback-save');
    await until(
      s,
      `const row = document.querySelector('[data-testid="feedback-row"]');
       return row && row.textContent.includes(arguments[0]) && row.textContent.includes('About ' + arguments[1]);`,
      'the complaint logged, newest first',
      [COMPLAINT, PERSON],
    );

    // Ten phone checks of his calls, one after the other.
    await click(s, 'nav-checks');
    await click(s, 'record-checks');
    await s.find('[data-testid="check-form"]');
    await set(s, 'field-standardId', PHONE, 'check-form');
    await set(s, 'field-staffId', PERSON, 'check-form');
    for (const rings of RINGS) {
      await set(s, 'field-observed', String(rings), 'check-form');
      await click(s, 'check-save');
      await until(
        s,
        `const done = document.querySelector('[data-testid="check-recorded"]')?.textContent ?? '';
         return document.querySelector('[data-testid="check-form"] [data-testid="field-observed"]').value === ''
           && done.includes(arguments[0]) && done.includes('(' + arguments[1] + ' against 3 rings)');`,
        `the check of ${rings} rings recorded`,
        [PERSON, rings],
      );
    }
    await shot(s, 'service-checks');

    // His met rate on his page.
    await openPerson(s, PERSON);
    await until(
      s,
      `const row = [...document.querySelectorAll('[data-testid="person-rates"] tr')].find((r) => r.textContent.includes(arguments[0]));
       return row && /90% \\(9 of 10\\)/.test(row.textContent);`,
      'his phone met rate, 90% (9 of 10)',
      [PHONE.slice(0, 30)],
    );

    // His draft: the phone criterion proposed from the checks, his own ratings and the evidence beside.
    await click(s, 'nav-evaluations');
    await until(
      s,
      `const row = [...document.querySelectorAll('[data-testid="evaluation-row"]')]
         .find((r) => r.textContent.includes(arguments[0]) && r.textContent.includes('Draft'));
       if (row) row.querySelector('a').click();
       return !!row;`,
      "Łukasz's draft",
      [PERSON],
    );
    await s.find('[data-testid="scores"]');
    const proposal = /** @type {[number, string]} */ (
      await until(
        s,
        `const p = document.querySelector('[data-testid^="proposal-"]');
         return p && [Number(p.dataset.testid.slice('proposal-'.length)), p.textContent.trim()];`,
        'the measured criterion’s proposal',
      )
    );
    const [measured, proposed] = proposal;
    assert.match(proposed, /Proposed by service checks: 4 \(9 of 10 met, 90%\)/, 'from the practice’s thresholds (≥ 85% → 4)');
    assert.match(await textOf(s, 'self-0'), /Their own rating: 4 — “I keep the rooms stocked/, 'his self-rating beside the first');
    const evidence = await textOf(s, 'section-external_service');
    assert.match(evidence, /Patients: 0 compliments, 1 complaint/, 'the complaint beside the patients’ section');
    assert.match(evidence, /Answer every call[^\n]*90% \(9 of 10\)/, 'the checks’ met rate');
    await click(s, `accept-${measured}`);
    await until(s, `return document.querySelector('[data-testid="rate-' + arguments[0] + '-4"]').checked && !document.querySelector('[data-testid="save"]').disabled`, 'the proposal accepted', [measured]);
    const criteriaHere = Number(await s.execute(`return document.querySelectorAll('[data-testid="criterion"]').length`));
    for (let i = 0; i < criteriaHere; i++) {
      if (i === measured) continue;
      await click(s, `rate-${i}-4`);
      await until(
        s,
        `return document.querySelector('[data-testid="rate-' + arguments[0] + '-4"]').checked && !document.querySelector('[data-testid="save"]').disabled`,
        `criterion ${i} saved`,
        [i],
      );
    }
    await shot(s, 'evaluation-evidence');
    await click(s, 'finalize');
    await click(s, 'confirm-ok');
    await until(s, `return document.querySelector('[data-testid="status"]').textContent.includes('Finalized')`, 'Finalized');

    // On paper: the evidence summary with its numbers, and his self-ratings.
    await click(s, 'print-save');
    await until(s, `return document.querySelector('[data-testid="notice"]')?.textContent.includes('Saved')`, 'the saved notice');
    const files = readdirSync(saveDir);
    assert.equal(files.length, 1, `one PDF saved: ${files}`);
    const text = execFileSync('pdftotext', [join(saveDir, files[0]), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    assert.match(text, /Łukasz Żółć/);
    assert.match(text, /Patients: 0 compliments, 1 complaint, 1 still open/, 'the complaint, still open');
    assert.match(text, /Service checks met: “Answer every call[^”]*” 90% \(9 of 10\)/, 'the checks’ met rate');
    assert.match(text, /Thank-yous: \d+: /, 'the thank-yous of the period');
    assert.match(text, /Self-rating: 4 — I keep the rooms stocked/, 'his self-rating under the first criterion');
    assert.match(text, /Proposed by service checks: 4/i, 'the measured criterion says where its rating came from');
    assert.doesNotMatch(text, /DRAFT/);
  } catch (e) {
    await shot(s, 'failed');
    throw e;
  } finally {
    await s.quit();
  }
});
