import type { FieldInfo } from './field-info';

/**
 * The DOM side of detection: the document's inputs as `FieldInfo`, with the elements kept beside
 * them for the filler. Visibility is an adapter (`isVisible`) because it needs layout: the real one,
 * `isReallyVisible`, runs in the browser; tests without layout inject their own.
 */
export interface Collected {
  fields: FieldInfo[];
  elements: HTMLInputElement[];
}

/** Past this many inputs a page is not a sign-in form; detection gives up rather than slow it down. */
export const MAX_INPUTS = 400;

export function collectFields(root: Document | Element, isVisible: (el: HTMLInputElement) => boolean): Collected {
  const inputs = Array.from(root.querySelectorAll('input')).slice(0, MAX_INPUTS);
  const groups = new Map<Element, number>();
  const fields = inputs.map((el, index): FieldInfo => {
    const container = el.parentElement?.closest('div, fieldset, form, span, p, li, td') ?? el.parentElement ?? el;
    if (!groups.has(container)) groups.set(container, groups.size);
    const maxLength = el.getAttribute('maxlength');
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
      maxLength: maxLength !== null && /^\d+$/.test(maxLength) ? Number(maxLength) : null,
      readOnly: el.readOnly,
      disabled: el.disabled,
      visible: isVisible(el),
      group: groups.get(container)!,
    };
  });
  return { fields, elements: inputs };
}

function labelText(el: HTMLInputElement): string {
  const parts: string[] = [];
  for (const label of Array.from(el.labels ?? [])) parts.push(label.textContent ?? '');
  for (const id of (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean)) parts.push(el.ownerDocument.getElementById(id)?.textContent ?? '');
  return parts.join(' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

/**
 * Visible to a person, not merely present: a real box of at least 4×4 px, not hidden, not made
 * (nearly) transparent anywhere up the tree — `<html>` and `<body>` included, the 2025 extension
 * clickjacking trick — and, when on screen, not covered by another element at its centre.
 */
export function isReallyVisible(el: HTMLInputElement): boolean {
  const win = el.ownerDocument.defaultView;
  if (!win || !el.isConnected) return false;
  const rect = el.getBoundingClientRect();
  if (rect.width < 4 || rect.height < 4) return false;
  const page = el.ownerDocument.documentElement;
  if (rect.right + win.scrollX <= 0 || rect.bottom + win.scrollY <= 0 || rect.left + win.scrollX >= page.scrollWidth) return false;
  let opacity = 1;
  for (let node: Element | null = el; node; node = node.parentElement) {
    const style = win.getComputedStyle(node);
    if (style.visibility === 'hidden' || style.visibility === 'collapse' || style.display === 'none') return false;
    opacity *= Number(style.opacity || '1');
    if (opacity < 0.5) return false;
    if (style.clipPath && style.clipPath !== 'none' && /inset\(50%|circle\(0/.test(style.clipPath)) return false;
  }
  const x = rect.left + rect.width / 2;
  const y = rect.top + rect.height / 2;
  if (x < 0 || y < 0 || x >= win.innerWidth || y >= win.innerHeight) return true;
  const hit = el.ownerDocument.elementFromPoint(x, y);
  return hit === el || (hit !== null && (el.contains(hit) || (hit instanceof win.HTMLLabelElement && hit.control === el)));
}
