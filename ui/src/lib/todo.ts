// Words for the to-do list's kinds, and where each item is done: a Place (the
// core's) as the window's hash path.

import type { Place, Reminder, TodoItem } from './ipc';

/** The kinds of reminder, as the core names them (`Reminder::label`, src/todo/mod.rs). */
export const REMINDER_LABEL: Record<Reminder, string> = {
  training: 'Training due',
  licences: 'Licences expiring',
  continuing_education: 'Continuing education short',
  annual_review: 'Annual reviews',
  ninety_day_review: '90-day reviews after hire',
  mid_year_review: 'Mid-year reviews',
  check_in: 'Check-ins',
  feedback: "Colleagues' feedback closing",
  approvals: 'Training and licences to check',
  acknowledgments: 'Standards not yet acknowledged',
  suggestions: 'Suggestions to decide',
};

/**
 * The hash path an item opens, or null when it is done where it is shown (at
 * the kiosk). A feedback request has no screen of its own: it is on the page
 * of the person it is about.
 */
export function placeHref(place: Place, who: TodoItem['who']): string | null {
  switch (place.screen) {
    case 'staff':
      return `#/staff/${place.staffId}`;
    case 'pending':
      return '#/pending';
    case 'evaluation':
      return `#/evaluations/${place.evaluationId}`;
    case 'feedbackRequest':
      return who ? `#/staff/${who.id}` : '#/overview';
    case 'standard':
      return `#/standards/${place.standardId}`;
    case 'suggestions':
      return '#/suggestions';
    case 'kiosk':
      return null;
  }
}
