// What the shell shows on every screen: the practice name, the pending-approval
// count for the sidebar badge, where the data file is, and a short notice after
// an action ("Saved"). Screens call `refreshCounts` after changes that move them.

import { commands, type Overview } from './ipc';

export const shell = $state<{
  practiceName: string;
  pending: number;
  dbPath: string | null;
  notice: string | null;
  noticeTone: 'ok' | 'error';
}>({ practiceName: '', pending: 0, dbPath: null, notice: null, noticeTone: 'ok' });

let noticeTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * A short message in the window's status line ("Saved Zoë Núñez"), on every
 * screen, the lock screen and the kiosk too; `error` for a refusal, which
 * stays a little longer.
 */
export function notify(message: string, tone: 'ok' | 'error' = 'ok'): void {
  shell.notice = message;
  shell.noticeTone = tone;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (shell.notice = null), tone === 'error' ? 10000 : 6000);
}

export async function refreshCounts(): Promise<Overview> {
  const o = await commands.overview();
  shell.practiceName = o.practiceName;
  shell.pending = o.pendingApprovals;
  return o;
}
