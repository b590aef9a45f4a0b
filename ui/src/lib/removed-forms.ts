// WebKitGTK, the window on Linux, keeps every <form> that was ever in the
// page until the page itself goes: as a form or a field joins a form in the
// page, its GLib API wraps it for an extension's "form controls associated"
// signal, which nothing here listens to, and keeps the wrapper until the
// window's global object is replaced. This window never loads another page,
// so every screen with a form left its whole form behind on each visit,
// everything inside it included (Settings' time zones and currencies, the
// template editor): about 2.5 MB a round of every screen, for good
// (docs/decisions.md, "The window's memory").
//
// A form out of the page for good is emptied, so that WebKit keeps only the
// empty <form> element and what was in it is freed.

/**
 * Watches `root` and empties every <form> removed from under it that is no
 * longer in the document once the change is reported. A form only moved
 * (a keyed list reordered) is back in the document by then and is left
 * whole. Svelte removes a screen's elements for good when it leaves, and
 * keeps none aside to insert again (it would only with `experimental.async`,
 * which this UI does not use). Returns a function that stops watching.
 */
export function emptyRemovedForms(root: Node): () => void {
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.removedNodes) {
        if (!(node instanceof Element) || node.isConnected) continue;
        const forms = node instanceof HTMLFormElement ? [node] : node.querySelectorAll('form');
        for (const form of forms) form.replaceChildren();
      }
    }
  });
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
