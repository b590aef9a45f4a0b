// Words for the generated enums and small date helpers, in one place so every
// screen says the same thing the same way. Dates and times are written by
// locale.svelte.ts, in the practice's format.

import { showDate } from './locale.svelte';
import type {
  Audience,
  CeProgress,
  CeRule,
  ServiceChannel,
  CourseCategory,
  DueCounts,
  DueState,
  EvaluationKind,
  EvaluationStatus,
  FeedbackChannel,
  FeedbackKind,
  FeedbackRef,
  JobRole,
  LicenceState,
  MetRate,
  Recommendation,
  ScoreView,
  StaffStatus,
  TargetUnit,
} from './ipc';

export type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'neutral';

export const STATUS_LABEL: Record<StaffStatus, string> = {
  active: 'Active',
  on_leave: 'On leave',
  left: 'Left',
};

export const STATUS_TONE: Record<StaffStatus, Tone> = {
  active: 'ok',
  on_leave: 'info',
  left: 'neutral',
};

export const DUE_LABEL: Record<DueState, string> = {
  current: 'Current',
  due_soon: 'Due soon',
  overdue: 'Overdue',
  never_done: 'Never done',
};

export const DUE_TONE: Record<DueState, Tone> = {
  current: 'ok',
  due_soon: 'warn',
  overdue: 'danger',
  never_done: 'danger',
};

export const LICENCE_STATE_LABEL: Record<LicenceState, string> = {
  current: 'Current',
  due_soon: 'Due soon',
  expired: 'Expired',
  missing: 'Missing',
};

export const LICENCE_STATE_TONE: Record<LicenceState, Tone> = {
  current: 'ok',
  due_soon: 'warn',
  expired: 'danger',
  missing: 'danger',
};

export const CATEGORY_LABEL: Record<CourseCategory, string> = {
  customer_service: 'Customer service',
  compliance: 'Compliance',
  clinical: 'Clinical',
  safety: 'Safety',
  software: 'Software',
  infection_control: 'Infection control',
  cross_training: 'Cross-training',
  other: 'Other',
};

export const CHANNEL_LABEL: Record<ServiceChannel, string> = {
  phone: 'Phone',
  email: 'Email',
  in_person: 'In person',
  internal_request: 'Internal request',
  other: 'Other',
};

export const FEEDBACK_KIND_LABEL: Record<FeedbackKind, string> = {
  compliment: 'Compliment',
  complaint: 'Complaint',
};

export const FEEDBACK_KIND_TONE: Record<FeedbackKind, Tone> = {
  compliment: 'ok',
  complaint: 'warn',
};

/** How a patient's compliment or complaint reached the practice. */
export const FEEDBACK_CHANNEL_LABEL: Record<FeedbackChannel, string> = {
  phone: 'Phone',
  email: 'Email',
  in_person: 'In person',
  letter: 'Letter',
  online: 'Online review',
  survey: 'Survey',
  other: 'Other',
};

export const AUDIENCE_LABEL: Record<Audience, string> = {
  external: 'External — patients and clients',
  internal: 'Internal — colleagues',
};

export const UNIT_LABEL: Record<TargetUnit, string> = {
  rings: 'rings',
  minutes: 'minutes',
  hours: 'hours',
  business_hours: 'business hours',
  business_days: 'business days',
  text: 'stated in words',
};

/** Object keys in declaration order, typed (for building selects from the maps above). */
export function keys<K extends string>(map: Record<K, unknown>): K[] {
  return Object.keys(map) as K[];
}

/** Today on this computer, as YYYY-MM-DD (the same "today" the shell uses). */
export function today(): string {
  const d = new Date();
  const mm = String(d.getMonth() + 1).padStart(2, '0');
  const dd = String(d.getDate()).padStart(2, '0');
  return `${d.getFullYear()}-${mm}-${dd}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function hours(h: number): string {
  return Number.isInteger(h) ? String(h) : h.toFixed(2).replace(/0$/, '');
}

export function validity(months: number | null): string {
  if (months === null) return 'Never expires';
  return plural(months, 'month');
}

/** The names of the job roles `ids` (a standard's "Applies to"); none means all roles. */
export function roleNames(ids: number[], roles: JobRole[]): string {
  if (ids.length === 0) return 'All roles';
  return ids.map((id) => roles.find((r) => r.id === id)?.name ?? `Role ${id}`).join(', ');
}

/** What the days-left number means for a required course. */
export function daysText(state: DueState, daysLeft: number | null): string {
  if (state === 'never_done') return 'Not done yet';
  if (daysLeft === null) return 'Never expires';
  if (daysLeft < 0) return `Overdue by ${plural(-daysLeft, 'day')}`;
  if (daysLeft === 0) return 'Expires today';
  return `${plural(daysLeft, 'day')} left`;
}

/** What the days left mean for a licence: "36 days left", "Expired 9 days ago". */
export function licenceDaysText(state: LicenceState, daysLeft: number | null): string {
  if (state === 'missing') return 'None recorded';
  if (daysLeft === null) return 'Never expires';
  if (daysLeft < 0) return `Expired ${plural(-daysLeft, 'day')} ago`;
  if (daysLeft === 0) return 'Expires today';
  return `${plural(daysLeft, 'day')} left`;
}

/** A licence type's continuing education in words: "25 hours every 24 months, 2 of them in infection control". */
export function ceRuleText(ce: CeRule | null): string {
  if (!ce) return 'None required';
  const rule = `${hours(ce.hours)} ${ce.hours === 1 ? 'hour' : 'hours'} every ${plural(ce.cycleMonths, 'month')}`;
  if (ce.category === null || ce.categoryHours === null) return rule;
  return `${rule}, ${hours(ce.categoryHours)} of them in ${CATEGORY_LABEL[ce.category].toLowerCase()}`;
}

/**
 * A person's continuing education in a licence's cycle, in the core's words
 * (`CeProgress::in_words`): "18.5 of 25 hours, 4 of 2 in infection control,
 * cycle ends 29 Dec 2026", the date in the practice's format.
 */
export function ceProgressText(ce: CeProgress): string {
  let s = `${hours(ce.hours)} of ${hours(ce.hoursRequired)} hours`;
  if (ce.category !== null && ce.categoryRequired !== null) {
    s += `, ${hours(ce.categoryHours)} of ${hours(ce.categoryRequired)} in ${CATEGORY_LABEL[ce.category].toLowerCase()}`;
  }
  return `${s}, cycle ends ${showDate(ce.cycleEnd)}`;
}

/** The training badge of one person: the worst state first, in words. */
export function dueSummary(due: DueCounts): { tone: Tone; text: string } | null {
  const total = due.current + due.dueSoon + due.overdue + due.neverDone;
  if (total === 0) return null;
  const parts: string[] = [];
  if (due.overdue) parts.push(`${due.overdue} overdue`);
  if (due.neverDone) parts.push(`${due.neverDone} never done`);
  if (due.dueSoon) parts.push(`${due.dueSoon} due soon`);
  if (parts.length === 0) return { tone: 'ok', text: 'All current' };
  const tone: Tone = due.overdue || due.neverDone ? 'danger' : 'warn';
  return { tone, text: parts.join(', ') };
}

/** A human message for anything a command or the browser threw. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

/**
 * Runs `read` (a screen loading what it shows); answers null when it worked,
 * else what went wrong, for the screen's load error: `error = await attempt(…)`.
 */
export async function attempt(read: () => Promise<unknown>): Promise<string | null> {
  try {
    await read();
    return null;
  } catch (e) {
    return errorText(e);
  }
}

export const EVALUATION_STATUS_LABEL: Record<EvaluationStatus, string> = {
  draft: 'Draft',
  finalized: 'Finalized',
  acknowledged: 'Acknowledged',
};

export const EVALUATION_STATUS_TONE: Record<EvaluationStatus, Tone> = {
  draft: 'warn',
  finalized: 'info',
  acknowledged: 'ok',
};

export const EVALUATION_KIND_LABEL: Record<EvaluationKind, string> = {
  annual: 'Annual review',
  ninety_day: '90-day review',
  mid_year: 'Mid-year review',
};

export const RECOMMENDATION_LABEL: Record<Recommendation, string> = {
  none: 'None',
  merit_increase: 'Merit increase',
  bonus: 'Bonus',
  recognition: 'Recognition',
  promotion: 'Promotion',
};

/** "4.3 (86.0%)", or a dash when nothing is rated yet. */
export function scoreText(s: ScoreView | null): string {
  return s ? `${s.display} (${s.percent})` : '—';
}

/** Letters with no decomposition that `fold` in the core's text.rs still reads as plain ones. */
const FOLDED_LETTERS: Record<string, string> = { ł: 'l', đ: 'd', ø: 'o', ß: 'ss', æ: 'ae' };

/**
 * Text for matching what is typed in a find box, as the core's search folds
 * it (text.rs, `fold`): any case, accents or not ("nunez" finds "Núñez",
 * "lukasz" finds "Łukasz").
 */
export function folded(t: string): string {
  return t
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[łđøßæ]/g, (c) => FOLDED_LETTERS[c] ?? c);
}

/** "Ana", "Ana and Sam", "Ana, Sam and Zoë": names as a sentence says them. */
export function namesText(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * A met rate as a whole percentage, rounded half up exactly as the core's
 * `MetRate::display` (integers only: no float rounding); null with no checks.
 */
export function ratePercent(r: MetRate): number | null {
  return r.checks === 0 ? null : Math.floor((r.met * 200 + r.checks) / (r.checks * 2));
}

/** "92% (23 of 25)", or a dash when nothing was checked. */
export function rateText(r: MetRate): string {
  const p = ratePercent(r);
  return p === null ? '—' : `${p}% (${r.met} of ${r.checks})`;
}

/**
 * The first day of the last twelve months (this one and the eleven before) and
 * each month in them, oldest first ("2025-12" … "2026-11"): what a standard's
 * month-by-month rates show. The fixtures ask the core for the same months
 * (`twelve_months_from` in src-tauri/src/fixtures.rs).
 */
export function twelveMonths(on: string = today()): { from: string; months: string[] } {
  const [y = 0, m = 1] = on.split('-').map(Number);
  const first = y * 12 + (m - 1) - 11;
  const months = Array.from({ length: 12 }, (_, i) => {
    const n = first + i;
    return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
  });
  return { from: `${months[0]}-01`, months };
}

/** "complaints #1, #7 and compliment #3": feedback named by kind and number. */
export function feedbackRefsText(refs: FeedbackRef[]): string {
  const parts = (['complaint', 'compliment'] as const)
    .map((kind) => refs.filter((f) => f.kind === kind))
    .filter((group) => group.length > 0)
    .map((group) => `${group.length === 1 ? group[0]?.kind : `${group[0]?.kind}s`} ${group.map((f) => `#${f.id}`).join(', ')}`);
  return namesText(parts);
}

/**
 * A mean on the rating scale or a percentage to one decimal, half away from
 * zero (the product's rounding, applied only when shown); a dash for none.
 */
export function oneDecimal(x: number | null): string {
  if (x === null) return '—';
  return (Math.sign(x) * (Math.round(Math.abs(x) * 10) / 10)).toFixed(1);
}

/** An amount in cents in the practice's currency: "$500.00". */
export function money(cents: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}
