import { beforeEach, describe, expect, it } from 'vitest';
import { collectFields, fillCode, planFill } from '../../../src/autofill';

/** happy-dom has no layout: visibility is injected (the real check runs in Chromium, in e2e). */
const visibleUnlessMarked = (el: HTMLInputElement) => !el.closest('[data-hidden]');

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('collectFields', () => {
  it('reads type, names, label text (for= and wrapping, aria-labelledby), limits and state', () => {
    document.body.innerHTML = `
      <form>
        <label for="c">Code from Google Authenticator</label><input id="c" name="code">
        <label>Phone number <input type="tel" name="phone" maxlength="15"></label>
        <span id="hint">Одноразовый код</span><input aria-labelledby="hint" readonly>
        <div data-hidden><input name="code"></div>
      </form>`;
    const { fields, elements } = collectFields(document, visibleUnlessMarked);
    expect(elements).toHaveLength(4);
    expect(fields.map((f) => [f.type, f.name, f.labelText, f.maxLength, f.readOnly, f.visible])).toEqual([
      ['', 'code', 'Code from Google Authenticator', null, false, true],
      ['tel', 'phone', 'Phone number', 15, false, true],
      ['', '', 'Одноразовый код', null, true, true],
      ['', 'code', '', null, false, false],
    ]);
    expect(planFill(fields)).toEqual({ kind: 'single', index: 0 });
  });
});

describe('fillCode', () => {
  it('uses the native setter and fires bubbling input and change, so framework models update', () => {
    document.body.innerHTML = '<form><label>Verification code <input name="code"></label></form>';
    const input = document.querySelector('input')!;
    // A framework-style instance setter (as React's value tracker installs) must be bypassed.
    let frameworkSaw = '';
    Object.defineProperty(input, 'value', {
      configurable: true,
      get: () => Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.get!.call(input),
      set: (v: string) => {
        frameworkSaw = v;
      },
    });
    const events: string[] = [];
    document.body.addEventListener('input', (e) => events.push(`input:${(e.target as HTMLInputElement).value}`));
    document.body.addEventListener('change', () => events.push('change'));
    const { fields, elements } = collectFields(document, () => true);
    expect(fillCode(planFill(fields), elements, '123456')).toBe(true);
    expect(input.value).toBe('123456');
    expect(frameworkSaw).toBe('');
    expect(events).toEqual(['input:123456', 'change']);
  });

  it('fills split boxes digit by digit', () => {
    document.body.innerHTML = `<div class="otp">${Array.from({ length: 6 }, (_, i) => `<input maxlength="1" inputmode="numeric" aria-label="Digit ${i + 1}">`).join('')}</div>`;
    const { fields, elements } = collectFields(document, () => true);
    const plan = planFill(fields);
    expect(plan.kind).toBe('split');
    expect(fillCode(plan, elements, '907315')).toBe(true);
    expect(elements.map((e) => e.value).join('')).toBe('907315');
    expect(fillCode(plan, elements, '12345678')).toBe(false);
  });

  it('does nothing without a plan', () => {
    expect(fillCode({ kind: 'none' }, [], '123456')).toBe(false);
  });
});
