// The one module that talks to the Rust shell. Components import from here, never
// from `@tauri-apps/api` or the generated bindings, so every command has one typed
// signature and one way to fail.
//
// The commands' functions and every type they take or return are generated from
// the Rust commands (`make types` writes `bindings.ts`); nothing here repeats a
// command's name or its arguments.

import { Channel } from '@tauri-apps/api/core';

import { commands as generated, type BatchProgress, type ErrorCode, type ErrorPayload, type FieldProblem, type MenuChoice } from './bindings';

export type * from './bindings';

/** A command failed; carries the shell's `ErrorPayload`. */
export class IpcError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  /** The form's other bad fields, when the core found several. */
  readonly also: FieldProblem[];

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'IpcError';
    this.code = payload.code;
    this.field = payload.field ?? undefined;
    this.also = payload.also ?? [];
  }
}

function isErrorPayload(e: unknown): e is ErrorPayload {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as ErrorPayload).code === 'string' &&
    typeof (e as ErrorPayload).message === 'string'
  );
}

let signedOutListener: ((message: string) => void) | null = null;

/**
 * Called whenever a command answers that nobody is signed in (the session was
 * locked after idling, or ended): the app then shows the lock screen.
 */
export function onSignedOut(listener: (message: string) => void): void {
  signedOutListener = listener;
}

/** A rejected command, as an `IpcError`; a payload saying nobody is signed in also tells the listener. */
function failed(e: unknown): never {
  if (isErrorPayload(e)) {
    if (e.code === 'signed_out') signedOutListener?.(e.message);
    throw new IpcError(e);
  }
  // Not from our command (e.g. a denied permission or a missing command): keep
  // the text so it still reaches the screen.
  throw new IpcError({ code: 'io', message: String(e) });
}

type Commands = typeof generated;

/** Every command, as generated from Rust; a failure rejects with an `IpcError`. */
export const commands = Object.fromEntries(
  Object.entries(generated).map(([name, f]) => [
    name,
    (...args: unknown[]) => (f as (...a: unknown[]) => Promise<unknown>)(...args).catch(failed),
  ]),
) as Commands;

/**
 * Prints the year's reviews as one PDF, or one file per person into a folder,
 * calling `onProgress` after each person. Where it was written and what it
 * could not draw, or null if the dialog was cancelled; rejects with code
 * `cancelled` after `printCancel`.
 */
export function printAnnual(year: number, folder: boolean, duplex: boolean, onProgress: (p: BatchProgress) => void) {
  const channel = new Channel<BatchProgress>();
  channel.onmessage = onProgress;
  return commands.printAnnual(year, folder, duplex, channel);
}

/**
 * Asks the shell to hand the native menu's choices (and its shortcuts) to
 * `onChoice`. The window asks once, when it loads; a reloaded window asks
 * again, and the shell keeps only the newest channel.
 */
export function menuListen(onChoice: (choice: MenuChoice) => void) {
  const channel = new Channel<MenuChoice>();
  channel.onmessage = onChoice;
  return commands.menuListen(channel);
}
