// Words for SWOT worksheets: the four quadrants in the order they are drawn
// (strengths beside weaknesses, opportunities beside threats), each named by
// its field in the core's Quadrants, the name its refusals carry.

import type { Quadrants } from './ipc';

export type Quadrant = keyof Quadrants;

export const QUADRANTS: { key: Quadrant; label: string; hint: string }[] = [
  { key: 'strengths', label: 'Strengths', hint: 'What we do well' },
  { key: 'weaknesses', label: 'Weaknesses', hint: 'What holds us back' },
  { key: 'opportunities', label: 'Opportunities', hint: 'What we could take up' },
  { key: 'threats', label: 'Threats', hint: 'What could hurt us' },
];

/** At most this many items in a quadrant, of at most this many characters (the core's limits). */
export const MAX_ITEMS = 12;
export const MAX_ITEM_CHARS = 200;
