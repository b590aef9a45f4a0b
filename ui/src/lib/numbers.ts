// Number inputs are kept as text in forms, so what the user typed survives a
// refused save; these turn that text into what a command takes, or say which
// field is wrong before anything is sent.

import { IpcError } from './ipc';

function invalid(field: string, message: string): IpcError {
  return new IpcError({ code: 'invalid', field, message });
}

/** Empty → null; otherwise a finite number, or an error against `field`. Ranges
 * are the core's to judge, so its message (e.g. "more than 0 and at most 500")
 * is the one people see. */
export function optionalNumber(text: string, field: string, label: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t.replace(',', '.'));
  if (!Number.isFinite(n)) throw invalid(field, `${label} must be a number (not "${t}")`);
  return n;
}

export function requiredNumber(text: string, field: string, label: string): number {
  const n = optionalNumber(text, field, label);
  if (n === null) throw invalid(field, `${label} is required`);
  return n;
}

export function optionalWhole(text: string, field: string, label: string, max: number): number | null {
  const n = optionalNumber(text, field, label);
  if (n !== null && (!Number.isInteger(n) || n < 0 || n > max)) {
    throw invalid(field, `${label} must be a whole number from 0 to ${max} (not "${text.trim()}")`);
  }
  return n;
}
