import type { FillPlan } from './detect-fields';

/**
 * Puts the code into the planned field(s) the way typing would be seen by Angular, React and Vue:
 * the prototype's native `value` setter (bypassing a framework's own instance setter), then `input`
 * and `change` events that bubble. Split fields get one digit per box, in order.
 */
export function fillCode(plan: FillPlan, elements: readonly HTMLInputElement[], code: string): boolean {
  if (plan.kind === 'none') return false;
  if (plan.kind === 'single') {
    const el = elements[plan.index];
    if (!el) return false;
    setValue(el, code);
    return true;
  }
  if (plan.indices.length !== code.length) return false;
  plan.indices.forEach((index, i) => {
    const el = elements[index];
    if (el) setValue(el, code[i]!);
  });
  return true;
}

function setValue(el: HTMLInputElement, value: string): void {
  const win = el.ownerDocument.defaultView!;
  const nativeSetter = Object.getOwnPropertyDescriptor(win.HTMLInputElement.prototype, 'value')?.set;
  el.focus({ preventScroll: true });
  if (nativeSetter) nativeSetter.call(el, value);
  else el.value = value;
  el.dispatchEvent(new win.InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: value }));
  el.dispatchEvent(new win.Event('change', { bubbles: true }));
}
