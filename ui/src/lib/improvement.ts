// Words for improvement projects.

import type { ProjectStatus } from './ipc';
import type { Tone } from './format';

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

