// How a backup is named on screen: its time (local), why it was taken, its size.

import type { BackupInfo } from './ipc';

const REASON: Record<string, string> = {
  daily: 'Daily, at start-up',
  manual: 'Taken by hand',
  beforeRestore: 'Before a restore',
  beforeMigration: 'Before an update of the app',
};

export function backupWhen(b: BackupInfo): string {
  const d = new Date(b.takenAt);
  return Number.isNaN(d.getTime()) ? b.takenAt : d.toLocaleString();
}

export function backupReason(b: BackupInfo): string {
  return REASON[b.reason.kind] ?? b.reason.kind;
}

export function backupSize(b: BackupInfo): string {
  return b.size < 1024 * 1024 ? `${Math.max(1, Math.round(b.size / 1024))} KB` : `${(b.size / 1048576).toFixed(1)} MB`;
}
