import { describe, expect, it } from 'vitest';
import { planFill, type FieldInfo } from '../../../src/autofill';

const field = (over: Partial<FieldInfo> = {}): FieldInfo => ({
  index: 0,
  type: 'text',
  name: '',
  id: '',
  placeholder: '',
  ariaLabel: '',
  labelText: '',
  autocomplete: '',
  inputMode: '',
  maxLength: null,
  readOnly: false,
  disabled: false,
  visible: true,
  group: 0,
  ...over,
});
const only = (f: Partial<FieldInfo>) => planFill([field(f)]);

describe('planFill: a single code field', () => {
  it.each([
    ['autocomplete one-time-code', { autocomplete: 'one-time-code' }],
    ['name "code" (the sandbox UI)', { name: 'code', labelText: 'Code from Google Authenticator' }],
    ['label "Verification code"', { labelText: 'Verification code' }],
    ['placeholder "2FA code"', { placeholder: '2FA code' }],
    ['aria-label "Authenticator code"', { ariaLabel: 'Authenticator code' }],
    ['id "otp", tel, maxlength 6', { id: 'otp', type: 'tel', maxLength: 6 }],
    ['number input "totp"', { name: 'totp', type: 'number' }],
    ['no type, name "twoFactorCode"', { type: '', name: 'two_factor_code' }],
    ['Russian label "Код подтверждения"', { labelText: 'Код подтверждения' }],
    ['Russian placeholder "Одноразовый код"', { placeholder: 'Одноразовый код' }],
    ['maxlength 8', { name: 'code', maxLength: 8 }],
  ])('%s → filled', (_name, over) => {
    expect(only(over)).toEqual({ kind: 'single', index: 0 });
  });

  it.each([
    ['a password field', { type: 'password', name: 'code' }],
    ['an email field', { type: 'email', labelText: 'Code' }],
    ['a search field', { type: 'search', name: 'code' }],
    ['a hidden input', { type: 'hidden', name: 'code' }],
    ['a username autocomplete', { name: 'code', autocomplete: 'username' }],
    ['an invisible field', { name: 'code', visible: false }],
    ['a read-only field', { name: 'code', readOnly: true }],
    ['a disabled field', { name: 'code', disabled: true }],
    ['a phone field', { type: 'tel', name: 'phone', labelText: 'Phone number' }],
    ['a promo code', { name: 'promo_code', labelText: 'Promo code' }],
    ['a postal code', { name: 'postcode', labelText: 'Post code' }],
    ['maxlength 3', { name: 'code', maxLength: 3 }],
    ['maxlength 12', { name: 'code', maxLength: 12 }],
    ['nothing code-like', { name: 'amount', labelText: 'Amount' }],
    ['a Russian phone field', { labelText: 'Код страны и телефон' }],
  ])('%s → not filled', (_name, over) => {
    expect(only(over)).toEqual({ kind: 'none' });
  });

  it('two candidates are not guessed between, unless exactly one declares one-time-code', () => {
    expect(planFill([field({ index: 0, name: 'code' }), field({ index: 1, name: 'otp' })])).toEqual({ kind: 'none' });
    expect(planFill([field({ index: 0, name: 'code' }), field({ index: 1, name: 'otp', autocomplete: 'one-time-code' })])).toEqual({ kind: 'single', index: 1 });
  });

  it('a hidden honeypot twin does not stop the visible field from being filled', () => {
    expect(planFill([field({ index: 0, name: 'code', visible: false }), field({ index: 1, name: 'code' })])).toEqual({ kind: 'single', index: 1 });
  });

  it('a field that accepts fewer characters than the code has is refused', () => {
    expect(planFill([field({ name: 'code', maxLength: 6 })], 8)).toEqual({ kind: 'none' });
  });
});

describe('planFill: one box per digit', () => {
  const boxes = (n: number, over: Partial<FieldInfo> = {}, group = 1) =>
    Array.from({ length: n }, (_, i) => field({ index: i, maxLength: 1, inputMode: 'numeric', group, ariaLabel: `Digit ${i + 1}`, ...over }));

  it('fills six numeric single-character boxes in one container, in order', () => {
    expect(planFill(boxes(6))).toEqual({ kind: 'split', indices: [0, 1, 2, 3, 4, 5] });
    expect(planFill(boxes(6, { inputMode: '', type: 'text', name: 'otp' }))).toEqual({ kind: 'split', indices: [0, 1, 2, 3, 4, 5] });
  });

  it('refuses a group of the wrong size, plain text boxes without a code hint, or one with a hidden box', () => {
    expect(planFill(boxes(4))).toEqual({ kind: 'none' });
    expect(planFill(boxes(6, { inputMode: '', type: 'text' }))).toEqual({ kind: 'none' });
    const withHidden = boxes(6);
    withHidden[2] = { ...withHidden[2]!, visible: false };
    expect(planFill(withHidden)).toEqual({ kind: 'none' });
  });
});
