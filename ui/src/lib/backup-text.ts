// How a backup is named on screen: its time (in the practice's time zone), why it was taken, its size.

import type { BackupInfo, OffsiteStatus } from './ipc';
import { showDateTime } from './locale.svelte';

const REASON: Record<string, string> = {
  daily: 'Daily, at start-up',
  manual: 'Taken by hand',
  beforeRestore: 'Before a restore',
  notOpened: 'The file that did not open, as it was',
  beforeMigration: 'Before an update of the app',
};

export function backupWhen(b: BackupInfo): string {
  return showDateTime(b.takenAt);
}

export function backupReason(b: BackupInfo): string {
  return REASON[b.reason.kind] ?? b.reason.kind;
}

export function backupSize(b: BackupInfo): string {
  return b.size < 1024 * 1024 ? `${Math.max(1, Math.round(b.size / 1024))} KB` : `${(b.size / 1048576).toFixed(1)} MB`;
}

/** One line on how the copy off this computer stands, and whether it needs fixing. */
export function offsiteLine(s: OffsiteStatus): { text: string; fix: boolean } {
  if (!s.folder) return { text: 'No copy is made off this computer yet: choose a USB stick or a network folder in Settings → Backups.', fix: true };
  if (s.problem) return { text: `The copy off this computer was not made. ${s.problem}`, fix: true };
  if (!s.lastCopyAt) return { text: `Copies off this computer go to ${s.folder}; none has been made yet.`, fix: true };
  const shown = showDateTime(s.lastCopyAt);
  const disk = s.sameDisk ? ' (on the same disk as the practice: it would not survive that disk failing)' : '';
  return { text: `Last copy off this computer: ${shown}, in ${s.folder}${disk}.`, fix: s.sameDisk };
}
