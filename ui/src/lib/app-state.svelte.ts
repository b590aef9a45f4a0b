// What the shell shows on every screen: the practice name, the pending-approval
// count for the sidebar badge, where the data file is, and a short notice after
// an action ("Saved"). Screens call `refreshCounts` after changes that move them.

import { commands, type Overview } from './ipc';

export const shell = $state<{
  practiceName: string;
  pending: number;
  dbPath: string | null;
  notice: string | null;
}>({ practiceName: '', pending: 0, dbPath: null, notice: null });

let noticeTimer: ReturnType<typeof setTimeout> | undefined;

/** A short confirmation in the shell's status line ("Saved Zoë Núñez"). */
export function notify(message: string): void {
  shell.notice = message;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (shell.notice = null), 6000);
}

export async function refreshCounts(): Promise<Overview> {
  const o = await commands.overview();
  shell.practiceName = o.practiceName;
  shell.pending = o.pendingApprovals;
  return o;
}
