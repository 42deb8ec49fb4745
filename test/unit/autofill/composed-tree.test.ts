import { beforeEach, describe, expect, it } from 'vitest';
import { collectFields, fillCode, planFill } from '../../../src/autofill';
import { composedContains, composedInputs, composedParent, openShadowRoots, rootsUpward } from '../../../src/autofill/composed-tree';

/**
 * Code fields inside web components: open shadow roots (nested too) are read in composed-tree order,
 * a field's label and `aria-labelledby` are looked up in its own tree, one-box-per-digit fields made
 * of a component per box group as one, and closed roots stay out of reach. (Layout-based visibility
 * and the hit test across roots run in Chromium: test/e2e/hostile-pages.test.ts, "web components".)
 */
const everyField = () => true;

/** A custom element whose open (or closed) shadow root holds `html`. */
function component(tag: string, html: string, mode: ShadowRootMode = 'open') {
  if (!customElements.get(tag)) {
    customElements.define(
      tag,
      class extends HTMLElement {
        constructor() {
          super();
          this.attachShadow({ mode }).innerHTML = html;
        }
      },
    );
  }
}

component('t-code-field', '<label>Verification code <input name="code" inputmode="numeric"></label>');
component('t-shell', '<main><p>Account</p><t-code-field></t-code-field></main>');
component('t-digit', '<div class="box"><input maxlength="1" inputmode="numeric" aria-label="Digit"></div>');
component('t-otp', '<div class="boxes">' + '<t-digit></t-digit>'.repeat(6) + '</div>');
component('t-closed', '<label>Verification code <input name="code"></label>', 'closed');
component('t-labelled', '<span id="hint">Code from Google Authenticator</span><input aria-labelledby="hint">');

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('the composed tree', () => {
  it('finds inputs in open roots, nested ones too, in order, and never in a closed root', () => {
    document.body.innerHTML = '<input name="first"><t-shell></t-shell><t-closed></t-closed><input name="last">';
    expect(composedInputs(document, 10).map((i) => i.name)).toEqual(['first', 'code', 'last']);
    expect(composedInputs(document, 2).map((i) => i.name)).toEqual(['first', 'code']);
    expect(openShadowRoots(document)).toHaveLength(2); // t-shell's and the t-code-field inside it
  });

  it('walks up and across roots: parent, containment, the trees up to the document', () => {
    document.body.innerHTML = '<t-shell></t-shell>';
    const [field] = composedInputs(document, 1);
    const shell = document.querySelector('t-shell')!;
    const codeField = shell.shadowRoot!.querySelector('t-code-field')!;
    expect(composedParent(field!)?.localName).toBe('label');
    expect(composedParent(codeField.shadowRoot!.firstElementChild!)).toBe(codeField);
    expect(composedContains(shell, field!)).toBe(true);
    expect(composedContains(document.body, field!)).toBe(true);
    expect(composedContains(codeField, shell)).toBe(false);
    expect(rootsUpward(field!)).toEqual([codeField.shadowRoot, shell.shadowRoot, document]);
  });
});

describe('code fields in web components', () => {
  it('a field in a nested open root is read with its label and planned; the code goes in', () => {
    document.body.innerHTML = '<t-shell></t-shell>';
    const { fields, elements } = collectFields(document, everyField);
    expect(fields.map((f) => [f.name, f.labelText, f.inputMode])).toEqual([['code', 'Verification code', 'numeric']]);
    const plan = planFill(fields);
    expect(plan).toEqual({ kind: 'single', index: 0 });
    expect(fillCode(plan, elements, '123456')).toBe(true);
    expect(elements[0]!.value).toBe('123456');
  });

  it('aria-labelledby is looked up in the field\'s own root', () => {
    document.body.innerHTML = '<span id="hint">Not this one</span><t-labelled></t-labelled>';
    expect(collectFields(document, everyField).fields.map((f) => f.labelText)).toEqual(['Code from Google Authenticator']);
  });

  it('one component per digit box: the six boxes are one split field, filled a digit each', () => {
    document.body.innerHTML = '<h2>Verification code</h2><t-otp></t-otp>';
    const { fields, elements } = collectFields(document, everyField);
    expect(new Set(fields.map((f) => f.group)).size).toBe(1);
    const plan = planFill(fields);
    expect(plan).toEqual({ kind: 'split', indices: [0, 1, 2, 3, 4, 5] });
    expect(fillCode(plan, elements, '987654')).toBe(true);
    expect(elements.map((e) => e.value).join('')).toBe('987654');
  });

  it('a closed root\'s field is never found, so never filled', () => {
    document.body.innerHTML = '<t-closed></t-closed>';
    expect(collectFields(document, everyField).fields).toEqual([]);
  });
});
