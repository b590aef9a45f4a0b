// Who is signed in, and the idle lock. The shell decides for real (a command
// after the idle time is refused and ends the session); this timer only makes
// the window show the lock screen at that moment instead of on the next click.

import { commands, onSignedOut, type Actor, type Permission, type PracticeSettings } from './ipc';
import { useLocale } from './locale.svelte';

export const session = $state<{ actor: Actor | null; reason: string | null }>({ actor: null, reason: null });

/**
 * Whether the signed-in person holds `permission`, as the core's policy
 * computed it at sign-in. The window hides or disables from this alone; the
 * core refuses anyway.
 */
export function can(permission: Permission): boolean {
  return session.actor?.permissions.includes(permission) ?? false;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let idleMs = 5 * 60_000;
const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

let lastTouch = 0;

function restart(): void {
  clearTimeout(timer);
  if (!session.actor) return;
  timer = setTimeout(() => void lock('Locked after a while without use'), idleMs);
  // Typing a long comment sends no command; tell the shell the window is in
  // use (at most once a minute) so its own idle limit does not end the session.
  const now = Date.now();
  if (now - lastTouch > 60_000) {
    lastTouch = now;
    commands.sessionTouch().catch(() => {
      // Already locked in the shell: the next command shows the lock screen.
    });
  }
}

/** Signed in: show the app in the practice's locale, and lock after its idle time. */
export function signedIn(actor: Actor, settings: PracticeSettings): void {
  session.actor = actor;
  session.reason = null;
  useLocale(settings);
  idleMs = Math.max(1, settings.lockAfterMinutes) * 60_000;
  for (const e of ACTIVITY) window.addEventListener(e, restart, { passive: true });
  restart();
}

/** The practice's settings were saved: its locale and idle time apply at once. */
export function settingsChanged(settings: PracticeSettings): void {
  useLocale(settings);
  idleMs = Math.max(1, settings.lockAfterMinutes) * 60_000;
  restart();
}

/** Back to the lock screen; `reason` is shown there. */
export async function lock(reason: string | null = null): Promise<void> {
  clearTimeout(timer);
  for (const e of ACTIVITY) window.removeEventListener(e, restart);
  session.actor = null;
  session.reason = reason;
  try {
    await commands.signOut();
  } catch {
    // Already signed out in the shell: the lock screen is what matters.
  }
}

onSignedOut((message) => {
  if (session.actor) void lock(message);
});
