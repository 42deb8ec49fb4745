/**
 * Keeps the keyboard's place on the settings page. A button that starts an action is disabled while
 * the worker or the site answers (so it is not sent twice), and the browser then drops the focus to
 * the page itself; a form that gives way to its next step takes its focused field with it. Either
 * way a keyboard or screen-reader user would lose their place (WCAG 2.4.3). The keeper notices focus
 * falling to <body> for one of those two reasons and gives it back as soon as it can: to the same
 * control once it is enabled again, or, when the control is gone, to the first control (or heading
 * made focusable) in the nearest part of the page that is still there.
 *
 * It never takes focus from anything: it acts only while nothing has focus, forgets as soon as
 * something gets focus or the person clicks, and leaves focus that a script or the person removed
 * on purpose (a plain blur) where it is. Sections that place focus themselves do so first.
 */
const FOCUSABLE = 'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"]), h2[tabindex="-1"], h3[tabindex="-1"]';

interface Lost {
  element: HTMLElement;
  /** Its ancestors up to the root, nearest first, taken while it was still in the page. */
  ancestors: HTMLElement[];
}

const canTakeFocus = (el: HTMLElement) => el.isConnected && !el.matches(':disabled') && !el.closest('[inert]') && el.getClientRects().length > 0;

/** Starts watching `root` (the page's sections); answers a function that stops. */
export function keepFocus(root: HTMLElement): () => void {
  const doc = root.ownerDocument;
  let lost: Lost | null = null;

  const nothingFocused = () => doc.activeElement === null || doc.activeElement === doc.body;

  /** The control to give focus to now, if there is one yet. */
  function target(from: Lost): HTMLElement | null {
    if (from.element.isConnected) return canTakeFocus(from.element) ? from.element : null;
    for (const ancestor of from.ancestors) {
      if (!ancestor.isConnected) continue;
      const inside = [...ancestor.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
      const ready = inside.find(canTakeFocus);
      if (ready) return ready;
      // A control here that is only disabled for now (its action is still running): wait for it
      // rather than send the focus further away.
      if (inside.length > 0) return null;
      if (ancestor.parentElement === root) break; // not into another section
    }
    return null;
  }

  function restore() {
    if (!lost) return;
    if (!nothingFocused()) {
      lost = null;
      return;
    }
    const next = target(lost);
    if (!next) return;
    lost = null;
    next.focus();
  }

  const onFocusOut = (event: FocusEvent) => {
    const element = event.target as HTMLElement;
    if (event.relatedTarget !== null || !(element instanceof HTMLElement) || !root.contains(element)) return;
    const ancestors: HTMLElement[] = [];
    for (let el = element.parentElement; el && el !== root; el = el.parentElement) ancestors.push(el);
    // A disabled control is known now (it may be enabled again before the timer runs); a removal
    // only after the event (the element is still in the page while it is told); a plain blur stays.
    const disabled = element.matches(':disabled');
    setTimeout(() => {
      const dropped = disabled || !element.isConnected;
      if (!dropped || !nothingFocused()) return;
      lost = { element, ancestors };
      restore();
    }, 0);
  };
  const onFocusIn = () => {
    lost = null;
  };
  const onPointerDown = () => {
    lost = null;
  };

  const observer = new MutationObserver(restore);
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled', 'hidden', 'class'] });
  doc.addEventListener('focusout', onFocusOut, true);
  doc.addEventListener('focusin', onFocusIn, true);
  doc.addEventListener('pointerdown', onPointerDown, true);
  return () => {
    observer.disconnect();
    doc.removeEventListener('focusout', onFocusOut, true);
    doc.removeEventListener('focusin', onFocusIn, true);
    doc.removeEventListener('pointerdown', onPointerDown, true);
  };
}
