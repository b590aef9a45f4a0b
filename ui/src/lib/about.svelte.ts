// The About box is one for the whole app (App.svelte renders AboutBox): the
// sidebar's About button opens it, and so can anything else (the native
// Help → About menu) through `openAbout`, signed in or not.

export const about = $state<{ open: boolean }>({ open: false });

/** Shows the About box: this version, its notes, the practice's file and the licences. */
export function openAbout(): void {
  about.open = true;
}

/** A package built into the app, and the licence it is under (SPDX). */
export interface Package {
  name: string;
  version: string;
  licence: string;
}

/** licences.json, which `make types` writes: the Rust crates, the npm packages and the fonts' notices. */
export interface Licences {
  crates: Package[];
  npm: Package[];
  fonts: { file: string; notice: string }[];
}

/** The licences, read when the About box first opens: a chunk of their own, not part of every start. */
export async function loadLicences(): Promise<Licences> {
  return (await import('./licences.json')).default;
}
