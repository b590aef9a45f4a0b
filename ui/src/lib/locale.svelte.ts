// The practice's locale (Settings → Locale): every date, time and amount the
// window shows is written through here, in the practice's format and time
// zone, and every date a person types is read here. Stored dates stay
// YYYY-MM-DD and times UTC; only what a person sees and types changes.

import type { Clock, DateFormat, PracticeSettings } from './ipc';

// Until the practice's settings are read (the lock and recovery screens):
// this computer's time zone and clock, dates year first.
const computer = Intl.DateTimeFormat(undefined, { hour: 'numeric' }).resolvedOptions();

export const locale = $state<{ dateFormat: DateFormat; clock: Clock; timeZone: string; currency: string }>({
  dateFormat: 'iso',
  clock: computer.hour12 ? '12h' : '24h',
  timeZone: computer.timeZone,
  currency: 'USD',
});

/** Follow the practice's settings (after sign-in, and when Settings saves them). */
export function useLocale(s: PracticeSettings): void {
  locale.dateFormat = s.dateFormat;
  locale.clock = s.clock;
  locale.timeZone = s.timeZone;
  locale.currency = s.currency;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SHORT = MONTHS.map((m) => m.toLowerCase());
const FULL = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

export const DATE_FORMAT_LABEL: Record<DateFormat, string> = {
  iso: '2026-03-15 (year first)',
  dmy: '15/03/2026 (day first)',
  mdy: '03/15/2026 (month first)',
  d_mon_y: '15 Mar 2026',
};

const pad = (n: number) => String(n).padStart(2, '0');

function written(y: number, m: number, d: number, format: DateFormat = locale.dateFormat): string {
  switch (format) {
    case 'iso':
      return `${y}-${pad(m)}-${pad(d)}`;
    case 'dmy':
      return `${pad(d)}/${pad(m)}/${y}`;
    case 'mdy':
      return `${pad(m)}/${pad(d)}/${y}`;
    case 'd_mon_y':
      return `${d} ${MONTHS[m - 1]} ${y}`;
  }
}

/** A stored date (YYYY-MM-DD) as the practice writes dates; a dash for none. */
export function showDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? written(Number(m[1]), Number(m[2]), Number(m[3])) : iso;
}

// One formatter for the practice's time zone and clock, made again only when
// either changes. Each Intl.DateTimeFormat holds an ICU formatter of about
// 57 KB outside the JavaScript heap, which WebKit's collector neither sees nor
// hurries to free: one made for every time shown (a page of the change
// history shows dozens) was where the window's memory grew, screen after
// screen (docs/decisions.md, "The window's memory").
let formatter: { key: string; format: Intl.DateTimeFormat } | null = null;

function dateTimeFormat(): Intl.DateTimeFormat {
  const key = `${locale.timeZone} ${locale.clock}`;
  if (formatter?.key !== key) {
    formatter = {
      key,
      format: new Intl.DateTimeFormat('en-US', {
        timeZone: locale.timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        hourCycle: locale.clock === '12h' ? 'h12' : 'h23',
      }),
    };
  }
  return formatter.format;
}

/** A month as stored ("2026-03") in words: "Mar 2026". */
export function showMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}` : month;
}

/** A moment (as stored, UTC) in the practice's time zone: its date and time. */
export function showDateTime(at: string): string {
  const when = Date.parse(at);
  if (Number.isNaN(when)) return at;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = dateTimeFormat().formatToParts(when);
  } catch {
    return at; // a time zone this engine does not know: as stored, not wrong
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const date = written(Number(part('year')), Number(part('month')), Number(part('day')));
  const hour = Number(part('hour'));
  const time =
    locale.clock === '12h'
      ? `${hour}:${part('minute')} ${part('dayPeriod').toUpperCase()}`
      : `${pad(hour)}:${part('minute')}`;
  return `${date}, ${time}`;
}

/** What the date field asks for, shown greyed in an empty one. */
export function datePlaceholder(): string {
  switch (locale.dateFormat) {
    case 'iso':
      return 'YYYY-MM-DD';
    case 'dmy':
      return 'DD/MM/YYYY';
    case 'mdy':
      return 'MM/DD/YYYY';
    case 'd_mon_y':
      return 'e.g. 15 Mar 2026';
  }
}

/**
 * A date as a person typed it, in the practice's format (or year first,
 * which is never ambiguous), as YYYY-MM-DD; null when it is not a date. Any
 * of / . - or a space separates; the year has four digits. Numbers alone
 * (03/04/2026) are read only in a day-first or month-first practice; a
 * "15 Mar 2026" practice takes the month as a word ("Mar" or "March").
 */
export function readDate(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  const named = /^(\d{1,2})[\s-]+([A-Za-z]{3,})\.?[\s-]+(\d{4})$/.exec(t);
  const numeric = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/.exec(t);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else if (named) {
    const word = (named[2] ?? '').toLowerCase();
    const month = word.length === 3 ? SHORT.indexOf(word) : FULL.indexOf(word);
    if (month < 0) return null;
    [y, m, d] = [Number(named[3]), month + 1, Number(named[1])];
  } else if (numeric && (locale.dateFormat === 'dmy' || locale.dateFormat === 'mdy')) {
    const [a, b] = [Number(numeric[1]), Number(numeric[2])];
    [y, m, d] = locale.dateFormat === 'mdy' ? [Number(numeric[3]), a, b] : [Number(numeric[3]), b, a];
  } else {
    return null;
  }
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  if (y < 1 || days === undefined || d < 1 || d > days) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

