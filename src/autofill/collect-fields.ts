import { composedElementFromPoint, composedContains, composedInputs, composedParent, rootsUpward } from './composed-tree';
import type { FieldInfo } from './field-info';

/**
 * The DOM side of detection: the document's inputs — open shadow roots included (composed-tree.ts)
 * — as `FieldInfo`, with the elements kept beside them for the filler. Visibility is an adapter (`isVisible`) because it needs layout: the real one,
 * `isReallyVisible`, runs in the browser; tests without layout inject their own.
 */
export interface Collected {
  fields: FieldInfo[];
  elements: HTMLInputElement[];
}

/** Past this many inputs a page is not a sign-in form; detection gives up rather than slow it down. */
export const MAX_INPUTS = 400;

export function collectFields(root: Document | Element, isVisible: (el: HTMLInputElement) => boolean): Collected {
  const inputs = composedInputs(root, MAX_INPUTS);
  const groups = new Map<Element, number>();
  const fields = inputs.map((el, index): FieldInfo => {
    const container = containerOf(el);
    if (!groups.has(container)) groups.set(container, groups.size);
    return {
      index,
      type: (el.getAttribute('type') ?? '').toLowerCase(),
      name: el.name ?? '',
      id: el.id ?? '',
      placeholder: el.placeholder ?? '',
      ariaLabel: el.getAttribute('aria-label') ?? '',
      labelText: labelText(el),
      autocomplete: (el.getAttribute('autocomplete') ?? '').toLowerCase(),
      inputMode: (el.getAttribute('inputmode') ?? '').toLowerCase(),
      maxLength: maxLengthOf(el),
      readOnly: el.readOnly,
      disabled: el.disabled,
      visible: isVisible(el),
      group: groups.get(container)!,
    };
  });
  return { fields, elements: inputs };
}

const CONTAINER = 'div, fieldset, form, span, p, li, td';

/**
 * The box that groups a field with its neighbours (one-box-per-digit fields share one): the nearest
 * container up the composed tree. A container inside a shadow root that holds this input alone (a
 * component per digit box) groups nothing: the search goes on outside its host.
 */
function containerOf(el: HTMLInputElement): Element {
  for (let node = composedParent(el); node; node = composedParent(node)) {
    if (!node.matches(CONTAINER)) continue;
    const root = node.getRootNode();
    if ('host' in root && (root as ShadowRoot).querySelectorAll('input').length === 1) continue;
    return node;
  }
  return el.parentElement ?? el;
}

/** The `maxlength` attribute as detection reads it: digits only, else none. */
function maxLengthOf(el: HTMLInputElement): number | null {
  const value = el.getAttribute('maxlength');
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

function labelText(el: HTMLInputElement): string {
  const parts: string[] = [];
  for (const label of Array.from(el.labels ?? [])) parts.push(label.textContent ?? '');
  // Ids are looked up in the field's own tree (a shadow root has ids of its own).
  const tree = el.getRootNode() as Document | ShadowRoot;
  for (const id of (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean)) parts.push(tree.getElementById?.(id)?.textContent ?? '');
  return parts.join(' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/**
 * The smallest box a person reads as a field to type in, in CSS px (`getBoundingClientRect`, so
 * transforms count: a `scale(0.1)` field is small). A single code field must be at least 20×14 — a
 * code is six or more characters wide; a one-box-per-digit box (`maxlength="1"`, the only fields a
 * split plan takes, and never a single plan's) at least 14×14, since a box holds one digit.
 */
export const MIN_FIELD = { width: 20, height: 14 } as const;
export const MIN_DIGIT_BOX = { width: 14, height: 14 } as const;

/**
 * Visible to a person, not merely present:
 * - a box of at least `MIN_FIELD` (a digit box: `MIN_DIGIT_BOX`);
 * - in the viewport now: its centre inside it, and the part inside it at least that minimum size
 *   (a field below the fold or at `left: 3000px` is not visible until the person scrolls to it —
 *   the agent checks again on `scroll` and `resize`);
 * - not hidden, not made (nearly) transparent anywhere up the tree — by `opacity` or
 *   `filter: opacity()`, `<html>` and `<body>` included, the 2025 extension clickjacking trick — nor
 *   clipped away;
 * - the element at its centre (`elementFromPoint`, asked again inside each open shadow root it lands
 *   on) is the field, inside it, or its own label; anything else covers it (see also
 *   `isCoveredByPassThrough` for overlays that let clicks through).
 * Up the tree means up the composed tree: a field inside a shadow root inherits its host's hiding.
 */
export function isReallyVisible(el: HTMLInputElement): boolean {
  const win = el.ownerDocument.defaultView;
  if (!win || !el.isConnected) return false;
  const min = maxLengthOf(el) === 1 ? MIN_DIGIT_BOX : MIN_FIELD;
  const rect = el.getBoundingClientRect();
  // Written so that NaN fails every test.
  if (!(rect.width >= min.width && rect.height >= min.height)) return false;
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  if (!(x >= 0 && y >= 0 && x < win.innerWidth && y < win.innerHeight)) return false;
  const shownWidth = Math.min(rect.left + rect.width, win.innerWidth) - Math.max(rect.left, 0);
  const shownHeight = Math.min(rect.top + rect.height, win.innerHeight) - Math.max(rect.top, 0);
  if (!(shownWidth >= min.width && shownHeight >= min.height)) return false;
  let opacity = 1;
  for (let node: Element | null = el; node; node = composedParent(node)) {
    const style = win.getComputedStyle(node);
    if (style.visibility === 'hidden' || style.visibility === 'collapse' || style.display === 'none') return false;
    opacity *= Number(style.opacity || '1') * filterOpacity(style.filter);
    if (opacity < 0.5) return false;
    if (style.clipPath && style.clipPath !== 'none' && /inset\(50%|circle\(0/.test(style.clipPath)) return false;
  }
  const hit = composedElementFromPoint(el.ownerDocument, x, y);
  return hit === el || (hit !== null && (composedContains(el, hit) || (hit instanceof win.HTMLLabelElement && hit.control === el)));
}

/** The product of the `opacity()` functions of a computed `filter` (1 when there are none). */
function filterOpacity(filter: string): number {
  let product = 1;
  for (const m of (filter || '').matchAll(/opacity\(\s*([\d.]+)(%?)\s*\)/g)) product *= Number(m[1]) / (m[2] ? 100 : 1);
  return product;
}

const PASS_THROUGH = '*,*::before,*::after{pointer-events:auto!important}';

/**
 * Painted over by an element that lets clicks through (`pointer-events: none`), which hit-testing —
 * and so `isReallyVisible` — cannot see: the field's centre is hit-tested again with every element
 * made hit-testable (a constructed stylesheet, adopted for the moment of the test: no DOM change),
 * and anything above the field that paints (a background, an image, a frame) covers it. Labels of
 * the field and transparent decorations (a floating label, an outline) do not. Checked only for
 * the field(s) a plan chose, so it costs one style pass per fill. For a field in a shadow root, the
 * sheet goes into every tree from the field's up to the document, and the hit test is the field's
 * own tree's (which sees the outer overlays too).
 */
export function isCoveredByPassThrough(el: HTMLInputElement): boolean {
  const doc = el.ownerDocument;
  const win = doc.defaultView;
  if (!win || typeof doc.elementsFromPoint !== 'function' || !Array.isArray(doc.adoptedStyleSheets)) return false;
  const rect = el.getBoundingClientRect();
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  if (x < 0 || y < 0 || x >= win.innerWidth || y >= win.innerHeight) return false;
  const sheet = new win.CSSStyleSheet();
  sheet.replaceSync(PASS_THROUGH);
  const trees = rootsUpward(el).filter((tree) => Array.isArray(tree.adoptedStyleSheets));
  const before = trees.map((tree) => tree.adoptedStyleSheets);
  trees.forEach((tree, i) => (tree.adoptedStyleSheets = [...before[i]!, sheet]));
  try {
    const own = el.getRootNode() as Document | ShadowRoot;
    const hits = typeof own.elementsFromPoint === 'function' ? own.elementsFromPoint(x, y) : doc.elementsFromPoint(x, y);
    for (const hit of hits) {
      if (hit === el || el.contains(hit)) return false;
      if ((hit.closest('label') as HTMLLabelElement | null)?.control === el) continue;
      if (paints(win, hit)) return true;
    }
    return false;
  } finally {
    trees.forEach((tree, i) => (tree.adoptedStyleSheets = before[i]!));
  }
}

function paints(win: Window, node: Element): boolean {
  if (/^(img|video|canvas|iframe|object|embed|svg|picture)$/i.test(node.tagName)) return true;
  const style = win.getComputedStyle(node);
  if (style.backgroundImage && style.backgroundImage !== 'none') return true;
  const rgba = /rgba?\(([^)]*)\)/.exec(style.backgroundColor);
  if (!rgba) return style.backgroundColor !== '' && style.backgroundColor !== 'transparent';
  const alpha = rgba[1]!.split(/[\s,/]+/).filter(Boolean)[3];
  return alpha === undefined || Number(alpha.endsWith('%') ? Number(alpha.slice(0, -1)) / 100 : alpha) >= 0.5;
}
