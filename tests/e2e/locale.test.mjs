// End to end, the practice's locale in the real window: WebKit offers every
// time zone and currency, the core accepts the choice, and dates and times
// are written the practice's way at once (the change list in its time zone);
// the logo for printed documents is chosen in Settings and checked by the core.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppSession, REPO, appBinary, createOwner, set, startTauriDriver, until } from './webdriver.mjs';

const app = appBinary();
const dir = mkdtempSync(join(tmpdir(), 'sp-locale-'));

/** @type {Awaited<ReturnType<typeof startTauriDriver>>} */
let driver;

before(async () => {
  driver = await startTauriDriver({ ...process.env, STANDARD_PRACTICE_DB: join(dir, 'locale.sqlite3') });
});

after(async () => {
  await driver?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the practice chooses day-first dates, 12-hour time and a time zone; the window follows at once', async () => {
  const session = await AppSession.launch(driver.url, app);
  try {
    await createOwner(session);
    await session.click(await session.find('[data-testid="start-demo"]'));
    await session.click(await session.find('[data-testid="nav-settings"]'));
    await session.find('[data-testid="field-timeZone"]');
    const offered = await session.execute(
      `return [document.querySelector('[data-testid="field-timeZone"]').options.length,
               document.querySelector('[data-testid="field-currency"]').options.length];`,
    );
    assert.ok(offered[0] > 300 && offered[1] > 100, `WebKit lists the time zones and currencies: ${offered}`);

    await set(session, 'field-dateFormat', 'dmy');
    await set(session, 'field-clock', '12h');
    await set(session, 'field-timeZone', 'Pacific/Auckland');
    await session.click(await session.find('[data-testid="save"]'));
    await until(
      session,
      `return (document.querySelector('[data-testid="notice"]')?.textContent ?? '').includes('Settings saved');`,
      'the settings saved by the core',
    );

    // The change list: the settings change just made, in Auckland's time, day first, 12-hour.
    await session.click(await session.find('[data-testid="nav-changes"]'));
    await until(
      session,
      `const first = document.querySelector('[data-testid="change-log"] > li');
       return !!first && /^\\d{2}\\/\\d{2}\\/\\d{4}, \\d{1,2}:\\d{2} (AM|PM)/.test(first.textContent.trim());`,
      'the newest change written day first with a 12-hour time',
    );
    const shown = await session.execute(`return document.querySelector('[data-testid="change-log"] > li').textContent.trim();`);
    const auckland = new Intl.DateTimeFormat('en-GB', { timeZone: 'Pacific/Auckland', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
    assert.ok(String(shown).startsWith(auckland), `${shown} is dated as in Auckland (${auckland})`);

    // The logo for printed documents: a file that is not an image is refused
    // under its field; the app's own icon (a PNG) is taken and previewed.
    await session.click(await session.find('[data-testid="nav-settings"]'));
    const notImage = join(dir, 'logo.png');
    writeFileSync(notImage, 'not a picture');
    await session.type(await session.find('[data-testid="field-logo"]'), notImage);
    await until(
      session,
      `return (document.querySelector('[data-testid="error-logo"]')?.textContent ?? '').includes('PNG or JPEG');`,
      'the core refuses a file that is not an image, at the logo field',
    );
    await session.type(await session.find('[data-testid="field-logo"]'), join(REPO, 'icons', '128x128.png'));
    await until(
      session,
      `return !!document.querySelector('[data-testid="logo-preview"]') && !document.querySelector('[data-testid="error-logo"]');`,
      'the logo previewed in Settings',
    );
  } finally {
    await session.quit();
  }
});
