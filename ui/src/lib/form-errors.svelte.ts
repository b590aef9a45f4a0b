// How every form shows a refused save: the core names the field (`err.field`,
// the input's camelCase name); the message goes right under that input, which
// gets aria-invalid, aria-describedby and the focus, until the person changes
// that input. An error about no field the form shows goes in a banner at the
// top. The user's input is never cleared.

import { tick } from 'svelte';
import { IpcError } from './ipc';
import { errorText } from './format';

let forms = 0;

export interface FieldAttrs {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
  'data-testid': string;
  oninput: () => void;
  onchange: () => void;
}

export class FormErrors {
  field = $state<string | null>(null);
  message = $state<string | null>(null);
  /** True when the message is not about any input of this form. */
  inBanner = $state(false);
  readonly prefix: string;

  constructor(name: string) {
    forms += 1;
    this.prefix = `${name}-${forms}`;
  }

  /** The id of the input for `field`, for `<label for>`. */
  id(field: string): string {
    return `${this.prefix}-${field}`;
  }

  errorId(field: string): string {
    return `${this.prefix}-${field}-error`;
  }

  of(field: string): string | null {
    return !this.inBanner && this.field === field ? this.message : null;
  }

  invalid(field: string): true | undefined {
    return this.of(field) !== null ? true : undefined;
  }

  describedBy(field: string, hint?: string): string | undefined {
    const ids = [this.of(field) !== null ? this.errorId(field) : null, hint ?? null].filter(Boolean);
    return ids.length ? ids.join(' ') : undefined;
  }

  /**
   * The attributes every input of a form carries, to spread on it:
   * `<input {...errors.attrs('name')} bind:value={name} />`. `hint` is the id of
   * a hint paragraph the input is also described by.
   */
  attrs(field: string, hint?: string): FieldAttrs {
    return {
      id: this.id(field),
      name: field,
      'aria-invalid': this.invalid(field),
      'aria-describedby': this.describedBy(field, hint),
      'data-testid': `field-${field}`,
      // The message was about what was there: once the person changes the
      // field, it no longer stands under it.
      oninput: () => this.forget(field),
      onchange: () => this.forget(field),
    };
  }

  /** Takes the message away from `field` (it was changed); a banner stays. */
  forget(field: string): void {
    if (!this.inBanner && this.field === field) this.clear();
  }

  get banner(): string | null {
    return this.inBanner ? this.message : null;
  }

  clear(): void {
    this.field = null;
    this.message = null;
    this.inBanner = false;
  }

  /**
   * Shows `e` against its field inside `form` (found by `name`), focusing it,
   * or in the banner when the form has no such field.
   */
  async show(e: unknown, form: HTMLElement | undefined): Promise<void> {
    const field = e instanceof IpcError ? (e.field ?? null) : null;
    this.message = errorText(e);
    this.field = field;
    const input = field && form ? form.querySelector<HTMLElement>(`[name="${CSS.escape(field)}"]`) : null;
    this.inBanner = input === null;
    await tick();
    if (input) {
      input.focus();
    } else {
      form?.querySelector<HTMLElement>('[data-form-banner]')?.focus();
    }
  }
}
