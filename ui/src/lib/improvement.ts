// Words for improvement projects and job swaps.

import type { JobSwap, ProjectStatus } from './ipc';
import type { Tone } from './format';
import { showDate } from './locale.svelte';

export const PROJECT_STATUS_LABEL: Record<ProjectStatus, string> = {
  proposed: 'Proposed',
  active: 'Under way',
  done: 'Done',
  dropped: 'Dropped',
};

export const PROJECT_STATUS_TONE: Record<ProjectStatus, Tone> = {
  proposed: 'info',
  active: 'warn',
  done: 'ok',
  dropped: 'neutral',
};


/** Where a swap was spent: the host role, or the department named instead. */
export const swapPlace = (s: JobSwap) => s.hostRole?.name ?? s.hostDepartment;

/** A swap's day, or its first and last days. */
export const swapDays = (s: JobSwap) =>
  s.endsOn === s.startsOn ? showDate(s.startsOn) : `${showDate(s.startsOn)} – ${showDate(s.endsOn)}`;
