// How every form shows a refused save: the core names the field (`err.field`,
// the input's camelCase name) and every other bad field of the form
// (`err.also`); each message goes right under its input, which gets
// aria-invalid and aria-describedby until the person changes that input; the
// first gets the focus. An error about no field the form shows goes in a
// banner at the top. The user's input is never cleared. `submit` runs a
// form's save that way, and says while it runs (`saving`).

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
  /** The messages under this form's inputs, by field. */
  fields = $state<Record<string, string>>({});
  /** Messages about nothing this form shows, for the banner. */
  bannerText = $state<string | null>(null);
  /** True while `submit` runs, to disable the form's submit button. */
  saving = $state(false);
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
    return this.fields[field] ?? null;
  }

  /** True while any message is shown (under an input or in the banner). */
  get any(): boolean {
    return this.bannerText !== null || Object.keys(this.fields).length > 0;
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
    if (field in this.fields) {
      const rest = { ...this.fields };
      delete rest[field];
      this.fields = rest;
    }
  }

  get banner(): string | null {
    return this.bannerText;
  }

  clear(): void {
    this.fields = {};
    this.bannerText = null;
  }

  /**
   * The form's submit handler: `onsubmit={(e) => errors.submit(e, save)}`.
   * Clears the last messages and runs `save`; if it throws, shows the error
   * against the fields of the form submitted.
   */
  async submit(e: SubmitEvent, save: () => Promise<void>): Promise<void> {
    e.preventDefault();
    // Read now: the event forgets its target once this handler awaits.
    const form = e.currentTarget instanceof HTMLElement ? e.currentTarget : undefined;
    this.clear();
    this.saving = true;
    try {
      await save();
    } catch (err) {
      await this.show(err, form);
    } finally {
      this.saving = false;
    }
  }

  /**
   * Shows `e` against its fields inside `form` (found by `name`), focusing
   * the first, or in the banner when the form has no such field.
   */
  async show(e: unknown, form: HTMLElement | undefined): Promise<void> {
    const problems =
      e instanceof IpcError
        ? [...(e.field ? [{ field: e.field, message: errorText(e) }] : []), ...e.also]
        : [];
    const fields: Record<string, string> = {};
    const elsewhere: string[] = [];
    let first: HTMLElement | null = null;
    for (const p of problems) {
      const input = form?.querySelector<HTMLElement>(`[name="${CSS.escape(p.field)}"]`) ?? null;
      if (input) {
        fields[p.field] ??= p.message;
        first ??= input;
      } else {
        elsewhere.push(p.message);
      }
    }
    if (problems.length === 0) elsewhere.push(errorText(e));
    this.fields = fields;
    this.bannerText = elsewhere.length ? elsewhere.join(' ') : null;
    await tick();
    if (first) {
      first.focus();
    } else {
      form?.querySelector<HTMLElement>('[data-form-banner]')?.focus();
    }
  }
}
