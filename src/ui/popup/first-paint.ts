import { subtleCode } from '../../totp/subtle-code';
import type { FirstScreen } from '../../storage/first-screen';
import { siteHost } from '../shared/site-host';
import { hueOf, initialOf } from './avatar';
import { formatCode } from './format-code';
import { BRAND, GEAR, SEARCH_HANDLE } from '../shared/icon-paths';
import { TALL_FROM } from './layout';

/**
 * The popup's first paint, before its app: a classic script (entrypoints/first-paint.ts, no Preact,
 * no module loading) reads the worker's first-screen record (src/storage/first-screen.ts), computes
 * the visible codes (`subtleCode`) and writes the first screen with the app's own markup and classes
 * — header, search box, the first rows — as one HTML string, every value escaped. The app then
 * renders the same screen (and the tab's bar below it) unseen and swaps it in within one task, so
 * nothing flashes and nothing shown moves (entrypoints/popup/main.tsx, ui/popup/take-over.ts). It
 * steps aside — the app paints as before — whenever the first screen would not be a plain list: no
 * record (locked, new, empty), a pending capture or a problem line, or a tab whose site has accounts
 * (those go first, with Fill buttons).
 */
export interface FirstPaintDeps {
  doc: Document;
  /** `storage.session.get('popupFirstScreen')`'s value: a JSON string. */
  record: Promise<unknown>;
  /** The active tab's URL (undefined: none, or hidden). */
  tabUrl: Promise<string | undefined>;
  now(): number;
  /** `i18n.getMessage`. */
  message(key: string, substitutions?: string[]): string;
  subtle: SubtleCrypto;
}

/** The icons' drawings, the app's own (src/ui/shared/icon-paths.ts); `c<x>,<y>,<r>` is a circle. */
const ICONS = {
  brand: BRAND,
  search: ['c11,11,7', SEARCH_HANDLE],
  gear: ['c12,12,3', GEAR],
};

export function parseFirstScreen(stored: unknown): FirstScreen | null {
  if (typeof stored !== 'string') return null;
  try {
    const value = JSON.parse(stored) as FirstScreen;
    return value?.v === 1 && Array.isArray(value.rows) && Array.isArray(value.origins) && typeof value.total === 'number' && typeof value.search === 'string' ? value : null;
  } catch {
    return null;
  }
}

const codeOf = (subtle: SubtleCrypto, row: FirstScreen['rows'][number], epochMs: number) =>
  subtleCode(row.secret, { epochSeconds: (epochMs + row.offset) / 1000, algorithm: row.algorithm, digits: row.digits, period: row.period }, subtle);

/**
 * Paints the first screen into `#first`; false (nothing painted) when the app should do it.
 *
 * The screen is drawn while the codes are still being computed (WebCrypto works on a thread of its
 * own) and the tab's address is on its way: parsed into the document, hidden, with the codes left
 * blank. Once both are in, what remains between them and the first code on screen is setting the
 * codes' text and showing the screen.
 */
export async function firstPaint(deps: FirstPaintDeps): Promise<boolean> {
  const record = await deps.record.then(parseFirstScreen, () => null);
  if (!record || record.rows.length === 0 || record.notes) return false;
  const at = deps.now();
  const reads = Promise.all([
    deps.tabUrl.catch(() => undefined),
    Promise.all(record.rows.map((row) => codeOf(deps.subtle, row, at))).catch(() => null), // a bad key: the app reports it as it does
  ]);
  const { doc } = deps;
  // Started at the top of the body (popup.html): the screen goes first in it, and the parser puts
  // #app after it if it is not there yet (waiting for #app could mean waiting for DOMContentLoaded).
  const screen = draw(doc, record, at, deps.message);
  doc.body.prepend(screen);
  const [url, codes] = await reads;
  const tabOrigin = url && /^https?:\/\//.test(url) ? new URL(url).origin : null;
  // Stepping aside: a bad key, the tab's site has accounts (they go first), or the app got there
  // first (its list is in: it has the screen already).
  if (!codes || (tabOrigin && record.origins.includes(tabOrigin)) || doc.documentElement.dataset.firstPaint === 'done') {
    screen.remove();
    return false;
  }
  screen.querySelectorAll('.code').forEach((cell, i) => (cell.textContent = formatCode(codes[i]!)));
  screen.removeAttribute('style');
  doc.documentElement.dataset.firstPaint = 'shown';
  return true;
}

/**
 * The first screen, codes blank and hidden (`display: none` inline, above the style sheet's
 * `display`). One string through the HTML parser (several times faster than ~100 createElement
 * calls while this code is still cold), every value escaped: a label is the site's and may hold markup.
 */
function draw(doc: Document, record: FirstScreen, at: number, message: FirstPaintDeps['message']): Element {
  const esc = (text: string | number) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const icon = (paths: string[], extra = '') =>
    `<svg aria-hidden="true" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" class="icon${extra}">${paths
      .map((d) => (d.startsWith('c') ? ((cx, cy, r) => `<circle cx="${cx}" cy="${cy}" r="${r}"/>`)(...(d.slice(1).split(',') as [string, string, string])) : `<path d="${d}"/>`))
      .join('')}</svg>`;
  const rows = record.rows.map((row) => {
    const host = siteHost(row.origin);
    const left = row.period - (Math.floor((at + row.offset) / 1000) % row.period);
    return (
      `<li class="account" data-id="${esc(row.id)}"><button type="button" class="copy">` +
      `<span class="avatar" style="--hue:${hueOf(host)}">${esc(initialOf(host))}</span>` +
      `<span class="names"><span class="host">${esc(host)}</span><span class="label">${esc(row.label || row.issuer)}</span></span>` +
      `<span class="code" data-digits="${esc(row.digits)}"></span>` +
      `<span class="ttl" style="--p:${(left / row.period).toFixed(3)}" data-phase="${left <= 5 ? 'low' : 'ok'}">${left}</span></button></li>`
    );
  });
  const holder = doc.createElement('div');
  holder.innerHTML =
    `<div class="popup" id="first" aria-hidden="true" inert style="display:none"${record.total >= TALL_FROM ? ' data-tall' : ''}>` +
    `<header class="top">${icon(ICONS.brand, ' icon-brand')}<h1>${esc(message('ext_name'))}</h1><button type="button" class="icon-button">${icon(ICONS.gear)}</button></header>` +
    `<main class="main"><div class="search">${icon(ICONS.search)}<input type="search" placeholder="${esc(record.search)}"></div>` +
    `<div class="list-area"${record.total < TALL_FROM ? ` style="--rows:${record.total}"` : ''}><ul class="accounts">${rows.join('')}</ul></div></main></div>`;
  return holder.firstElementChild!;
}
