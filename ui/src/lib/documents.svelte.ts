// "The document on screen", for File → Print… (Ctrl+P) and File → Save PDF…:
// every PrintButtons says what it prints while it is shown, and the print
// dialog (PrintDialog, one for the whole app) prints one of them.
//
// Which one the menu takes: the page's own document (the person's transcript,
// the evaluation, the handbook), the last shown if there are two. A document
// that is one of several on the page (a certificate beside each thank-you,
// the kiosk's board among the person's own things) is never taken for the
// page's: the menu then says to use the Print… button beside the one wanted,
// rather than guess.

import type { PrintRequest } from './ipc';

/** A document the page shows buttons for, and what those buttons do. */
export interface ShownDocument {
  readonly request: PrintRequest;
  /** What the buttons call it: "transcript", "handbook"; "PDF" when they name nothing. */
  readonly label: string;
  /** One of several on the page: not the page's document for the menu. */
  readonly item: boolean;
  /** The buttons' own "Save PDF…", its message and warnings shown where the button is. */
  save(): void;
  /** The buttons' own "Open PDF". */
  open(): void;
}

const shown: ShownDocument[] = [];

/**
 * Registers `document` as shown for as long as the calling component is
 * mounted (call it while the component initialises).
 */
export function showDocument(document: ShownDocument): void {
  $effect(() => {
    shown.push(document);
    return () => {
      const at = shown.indexOf(document);
      if (at >= 0) shown.splice(at, 1);
    };
  });
}

/** The page's document, or what to tell the person when there is none to take. */
export function documentOnScreen(): ShownDocument | string {
  const page = shown.filter((d) => !d.item).at(-1);
  if (page) return page;
  if (shown.length > 0) return 'Several things on this page print on their own: use the Print… button beside the one you want.';
  return 'Nothing on this page prints: open a person, an evaluation, the service standards or another page with a Save PDF… button first.';
}

/** The print dialog's document while it is open. */
export const printDialog = $state<{ document: ShownDocument | null }>({ document: null });

export function openPrintDialog(document: ShownDocument): void {
  printDialog.document = document;
}

export function closePrintDialog(): void {
  printDialog.document = null;
}

/** What a document's buttons and dialog call it: "Print transcript", or just "Print". */
export function named(verb: string, document: Pick<ShownDocument, 'label'>): string {
  return document.label === 'PDF' ? verb : `${verb} ${document.label}`;
}
