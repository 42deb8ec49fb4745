/**
 * Empties the clipboard only if it still holds `text` (a copied code): whatever the person copied
 * since stays. Runs in a document of the extension that may read the clipboard — Chrome's offscreen
 * document, Firefox's background page — with `clipboardRead` (to paste into a scratch field) and
 * `clipboardWrite` (to copy nothing over it): `document.execCommand`, because the async Clipboard
 * API wants a focused page, and neither document ever has focus.
 */
export type ClearOutcome = 'cleared' | 'kept' | 'unreadable';

export function clearIfStill(doc: Document, text: string): ClearOutcome {
  const scratch = doc.createElement('textarea');
  doc.body.append(scratch);
  scratch.focus();
  const read = doc.execCommand('paste');
  const current = scratch.value;
  scratch.remove();
  // Not allowed to read: never clear blind, it might be something else the person copied.
  if (!read) return 'unreadable';
  if (current !== text) return 'kept';
  const empty = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', '');
    event.preventDefault();
  };
  doc.addEventListener('copy', empty);
  try {
    return doc.execCommand('copy') ? 'cleared' : 'unreadable';
  } finally {
    doc.removeEventListener('copy', empty);
  }
}
