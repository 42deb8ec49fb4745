import { beforeEach, describe, expect, it } from 'vitest';
import { collectFields, fillCode, planFill, submitFilledForm } from '../../../src/autofill';
import { startAgent } from '../../../src/content';

/** Auto-submit: the filled field's own form, only with the whole code in it. */
let submitted: string[];
beforeEach(() => {
  submitted = [];
  document.body.innerHTML = '';
});

function page(html: string) {
  document.body.innerHTML = html;
  for (const form of Array.from(document.forms)) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submitted.push(form.id);
    });
  }
  const { fields, elements } = collectFields(document, () => true);
  return { plan: planFill(fields), elements };
}

describe('submitFilledForm', () => {
  it('submits the single code field\'s own form once the code is in', () => {
    const { plan, elements } = page('<form id="other"><input name="search"></form><form id="signin"><label>Code <input name="code" autocomplete="one-time-code"></label><button>Confirm</button></form>');
    expect(fillCode(plan, elements, '123456')).toBe(true);
    expect(submitFilledForm(plan, elements, '123456')).toBe(true);
    expect(submitted).toEqual(['signin']);
  });

  it('submits split boxes only when all are in one form and hold the whole code', () => {
    const boxes = Array.from({ length: 6 }, (_, i) => `<input maxlength="1" inputmode="numeric" aria-label="Digit ${i + 1}">`).join('');
    const { plan, elements } = page(`<form id="split"><div>${boxes}</div><button>Go</button></form>`);
    expect(plan.kind).toBe('split');
    expect(submitFilledForm(plan, elements, '123456')).toBe(false); // nothing filled yet
    fillCode(plan, elements, '123456');
    expect(submitFilledForm(plan, elements, '123456')).toBe(true);
    expect(submitted).toEqual(['split']);
  });

  it('does nothing for a field outside a form, a re-formatted value, or no plan', () => {
    const loose = page('<div><label>Code <input name="code" autocomplete="one-time-code"></label></div>');
    fillCode(loose.plan, loose.elements, '123456');
    expect(submitFilledForm(loose.plan, loose.elements, '123456')).toBe(false);

    const changed = page('<form id="f"><label>Code <input name="code" autocomplete="one-time-code"></label></form>');
    fillCode(changed.plan, changed.elements, '123456');
    changed.elements[0]!.value = '123 456';
    expect(submitFilledForm(changed.plan, changed.elements, '123456')).toBe(false);
    expect(submitFilledForm({ kind: 'none' }, [], '123456')).toBe(false);
    expect(submitted).toEqual([]);
  });

  it('in the agent: submits after a fill only when the worker says so', async () => {
    page('<form id="signin"><label>Code from Google Authenticator <input name="code"></label><button>Confirm</button></form>');
    const agent = (submit: boolean) =>
      startAgent({
        win: window as never,
        sites: async () => [location.origin],
        call: (async () => ({ ok: true, value: { code: '654321', secondsLeft: 20, submit } })) as never,
        random: () => crypto.getRandomValues(new Uint8Array(16)),
        isVisible: () => true,
        fieldTimeoutMs: 200,
      });
    expect(await agent(false).fill('manual')).toBe(true);
    expect(document.querySelector('input')!.value).toBe('654321');
    expect(submitted).toEqual([]);
    expect(await agent(true).fill('manual')).toBe(true);
    expect(submitted).toEqual(['signin']);
  });
});
