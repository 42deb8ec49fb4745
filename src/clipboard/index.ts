/** The copied code's clear: when (shared with the popup) and how (in a document that may read the clipboard). */
export { CLIPBOARD_CLEAR_MS } from './clear-after';
export { clearIfStill, type ClearOutcome } from './clear-if-still';
