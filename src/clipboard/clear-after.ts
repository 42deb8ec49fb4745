/** How long a copied code stays in the clipboard: the popup says it, the worker does it. No imports: the popup takes only this. */
export const CLIPBOARD_CLEAR_MS = 30_000;
