// What a page shows when a button's action (delete, approve, retire…) fails:
// the error's text in a banner, cleared when the next action starts.

import { errorText } from './format';

export class ActionError {
  message = $state<string | null>(null);

  /** Clears the last error and runs `f`; if it throws, keeps the error's text. */
  async run(f: () => Promise<unknown>): Promise<void> {
    this.message = null;
    try {
      await f();
    } catch (e) {
      this.message = errorText(e);
    }
  }
}
