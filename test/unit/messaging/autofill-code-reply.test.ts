import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CONTENT_MESSAGES } from '../../../src/messaging';

/** The content script's "code for this field" answer with auto-submit: strict, a code and a flag, nothing else. */
const reply = CONTENT_MESSAGES['autofill/code'].reply;
const accepts = (value: unknown) => v.safeParse(reply, value).success;

describe('autofill/code reply schema', () => {
  it('carries whether to submit with every code', () => {
    expect(accepts({ code: '123456', secondsLeft: 20, submit: true })).toBe(true);
    expect(accepts({ code: '12345678', secondsLeft: 0, submit: false })).toBe(true);
    expect(accepts({ code: null, why: 'not_wanted' })).toBe(true);
  });

  it('refuses a code without the flag, a flag that is not a boolean, and anything extra', () => {
    expect(accepts({ code: '123456', secondsLeft: 20 })).toBe(false);
    expect(accepts({ code: '123456', secondsLeft: 20, submit: 'yes' })).toBe(false);
    expect(accepts({ code: '123456', secondsLeft: 20, submit: 1 })).toBe(false);
    expect(accepts({ code: '123456', secondsLeft: 20, submit: true, secret: 'JBSWY3DPEHPK3PXP' })).toBe(false);
    expect(accepts({ code: null, why: 'locked', submit: true })).toBe(false);
  });
});
