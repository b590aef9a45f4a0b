// End to end, the window as a desktop program: keys pressed on the real
// window (xdotool, through the X server, so GTK's menu accelerators and
// mnemonics take them as they take a person's) reach the menu, and its
// choices reach the page; the Edit entries still copy and paste in a field;
// Print… sends the document on screen to a printer.
//
// The printer: run under tests/package/cups-pdf.sh (`make package-test`), a
// real CUPS scheduler with a CUPS-PDF queue, whose output is compared with
// the document (CUPS-PDF re-renders through Ghostscript, which keeps the
// pages but not the text layer, so the Latin text is read back by OCR).
// Elsewhere `lp` and `lpstat` are stand-ins on the app's PATH that keep what
// they were given.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppSession, appBinary, click, createOwner, go, set, shot, startTauriDriver, until } from './webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-menu-'));
const practice = join(dir, 'practice.sqlite3');
const key = join(dir, 'key.txt');
const cups = process.env.E2E_PRINTED_DIR ? { printer: process.env.E2E_PRINTER ?? '', out: process.env.E2E_PRINTED_DIR } : null;

/** Stand-ins for CUPS's commands: two printers, the first the default; `lp` keeps each job. */
function standIns() {
  const bin = join(dir, 'bin');
  execFileSync('mkdir', ['-p', bin, join(dir, 'jobs')]);
  /** @param {string} name @param {string} body */
  const script = (name, body) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script('lpstat', `case "$1" in -e) printf 'Office\\nFront desk\\n';; -d) echo 'system default destination: Office';; esac`);
  script(
    'lp',
    `n=$(ls '${dir}/jobs' | grep -c 'pdf$'); n=$((n + 1))
     printf '%s\\n' "$@" > '${dir}/jobs/'$n.args; cat > '${dir}/jobs/'$n.pdf
     echo "request id is Office-$n (1 file(s))"`,
  );
  return bin;
}

/** @type {Awaited<ReturnType<typeof startTauriDriver>>} */
let driver;
before(async () => {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, STANDARD_PRACTICE_DB: practice, STANDARD_PRACTICE_KEY_FILE: key };
  if (!cups) env.PATH = `${standIns()}:${process.env.PATH}`;
  driver = await startTauriDriver(env);
});
after(async () => {
  await driver?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Presses `keys` (xdotool's names: `ctrl+p`, `alt+h`) on the app's window, as a person would. @param {string[]} keys */
function press(...keys) {
  const ids = execFileSync('xdotool', ['search', '--name', '^Standard Practice$'], { encoding: 'utf8' }).trim().split('\n');
  const id = ids[ids.length - 1];
  execFileSync('xdotool', ['windowfocus', '--sync', id]);
  for (const k of keys) execFileSync('xdotool', ['key', '--clearmodifiers', k]);
}

/** The test id of the focused element. @param {AppSession} s */
const focused = (s) => s.execute(`return document.activeElement?.getAttribute('data-testid') ?? ''`);

/** @param {string} file @returns {number} its page count */
const pages = (file) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);

/** Waits for CUPS-PDF to write the job's file, and for the queue to be empty. @returns {Promise<string>} */
async function printedByCups() {
  const end = Date.now() + 60_000;
  for (;;) {
    const files = readdirSync(/** @type {{ out: string }} */ (cups).out).filter((f) => f.endsWith('.pdf'));
    const queued = execFileSync('lpstat', ['-o'], { encoding: 'utf8' }).trim();
    if (files.length && !queued) return join(/** @type {{ out: string }} */ (cups).out, files[0]);
    if (Date.now() > end) throw new Error(`CUPS-PDF wrote nothing within a minute (queue: ${queued || 'empty'})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('the menu and its keys reach the page; Edit copies and pastes; Print… prints the document on screen', async () => {
  const s = await AppSession.launch(driver.url, app);
  try {
    await createOwner(s);
    await click(s, 'start-demo');
    await s.find('[data-testid="overview-todo"]');

    // Ctrl+F: the staff list, its search field focused.
    press('ctrl+f');
    await until(s, `return document.activeElement?.getAttribute('data-testid') === 'staff-search'`, 'the staff search focused');

    // Edit's entries on the focused field: select all, copy, and paste into another.
    await set(s, 'staff-search', 'Zoë');
    await s.execute(`document.querySelector('[data-testid="staff-search"]').focus()`);
    press('ctrl+a', 'ctrl+c');
    await go(s, '#/staff/new');
    await s.find('[data-testid="field-name"]');
    await s.execute(`document.querySelector('[data-testid="field-name"]').focus()`);
    press('ctrl+v');
    await until(s, `return document.querySelector('[data-testid="field-name"]').value === 'Zoë'`, 'the copied name pasted');

    // Ctrl+N on the staff list: the form for a new person.
    await go(s, '#/staff');
    await s.find('[data-testid="staff-table"]');
    press('ctrl+n');
    await until(s, `return location.hash === '#/staff/new'`, 'the new-person form');

    // Help's mnemonic, then About: the About box.
    press('alt+h', 'a');
    await s.find('[data-testid="about-version"]');
    press('Escape');

    // Ctrl+P on the standards: the handbook, to the default printer, twice.
    await go(s, '#/standards');
    await s.find('[data-testid="handbook-save"], [data-testid="print-to-printer"]');
    press('ctrl+p');
    await s.find('[data-testid="print-dialog"]');
    const chosen = await until(s, `return document.querySelector('[data-testid="print-printer"]')?.value || null`, 'the default printer chosen');
    assert.equal(chosen, cups ? cups.printer : 'Office');
    await set(s, 'print-copies', '0');
    await click(s, 'print-send');
    await until(s, `return /1 to 20/.test(document.querySelector('[data-testid="print-dialog"]')?.innerText ?? '')`, 'copies refused, saying the range');
    await set(s, 'print-copies', cups ? '1' : '2');
    await shot(s, 'print-dialog');
    await click(s, 'print-send');
    const done = await until(s, `return document.querySelector('[data-testid="print-done"]')?.innerText ?? null`, 'the confirmation');
    assert.match(done, cups ? new RegExp(`Sent to ${cups.printer}`) : /Sent to Office \(job Office-1\)/);

    if (cups) {
      // What came out of the printer: the document's pages, and its words.
      const printed = await printedByCups();
      const cli = join(dirname(app), 'standard-practice');
      const original = join(dir, 'handbook.pdf');
      execFileSync(cli, ['--db', practice, '--key-file', key, 'print', 'handbook', '-o', original]);
      assert.equal(pages(printed), pages(original), 'the printout has the document\'s pages');
      // (Ghostscript's Type 3 fonts make pdftoppm warn about every glyph's box.)
      execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', printed, join(dir, 'printed')], { stdio: 'ignore' });
      const png = readdirSync(dir).find((f) => f.startsWith('printed') && f.endsWith('.png'));
      const read = execFileSync('tesseract', [join(dir, /** @type {string} */ (png)), '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      for (const words of ['Service standards handbook', 'Lakeside Family Dental', 'Reply to every patient email']) {
        assert.ok(read.includes(words), `"${words}" is on the printed page (read: ${read.slice(0, 300)})`);
      }
    } else {
      const args = readFileSync(join(dir, 'jobs', '1.args'), 'utf8').split('\n');
      assert.deepEqual(args.slice(0, 4), ['-d', 'Office', '-n', '2'], 'the printer and copies chosen');
      const job = join(dir, 'jobs', '1.pdf');
      assert.ok(existsSync(job) && pages(job) > 1, 'the whole handbook reached lp');
      const text = execFileSync('pdftotext', [job, '-'], { encoding: 'utf8' });
      assert.match(text, /Service standards handbook/);
    }
  } finally {
    await s.quit();
  }
});
