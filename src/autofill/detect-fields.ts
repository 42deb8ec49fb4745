import type { FieldInfo } from './field-info';

/**
 * Which input(s) want the authenticator code (../shared/DESIGN.md, "Autofill"): a single code field,
 * or a group of one-box-per-digit inputs. Pure: collected field data in, a plan out.
 *
 * A field qualifies when it is visible and editable, of a text-like type, not a password, username,
 * email, search or phone field, and says it wants a code: `autocomplete="one-time-code"`, or a
 * code-like name, id, placeholder, aria-label or label text (English or Russian), with a maximum
 * length, if any, of 4–8.
 */
export type FillPlan = { kind: 'single'; index: number } | { kind: 'split'; indices: number[] } | { kind: 'none' };

const TEXT_TYPES = new Set(['', 'text', 'tel', 'number']);
const NOT_CODE_AUTOCOMPLETE = /\b(username|email|current-password|new-password|tel|cc-|postal-code|address)/;
const CODE_WORDS =
  /(one[-_ ]?time|\botp\b|totp|2fa|two[-_ ]?factor|mfa|verification|verify|authenticat|auth[-_ ]?code|security[-_ ]?code|passcode|\bcode\b|_code\b|code_|\bpin\b|токен|код|подтвержд|аутентиф|одноразов)/i;
const NOT_CODE_WORDS = /(promo|coupon|voucher|discount|zip|postal|post[-_ ]?code|country|phone|captcha|invite|referr|area[-_ ]?code|iban|swift|телефон|промо|купон|индекс|капч)/i;

const describe = (f: FieldInfo) => [f.name, f.id, f.placeholder, f.ariaLabel, f.labelText].join(' ');

function editable(f: FieldInfo): boolean {
  return f.visible && !f.readOnly && !f.disabled && TEXT_TYPES.has(f.type) && !NOT_CODE_AUTOCOMPLETE.test(f.autocomplete);
}

function wantsCode(f: FieldInfo): boolean {
  if (f.autocomplete.split(/\s+/).includes('one-time-code')) return true;
  const words = describe(f);
  return CODE_WORDS.test(words) && !NOT_CODE_WORDS.test(words);
}

/** A group of 4–8 visible single-character inputs in one container, in document order. */
function splitGroups(fields: readonly FieldInfo[]): FieldInfo[][] {
  const groups = new Map<number, FieldInfo[]>();
  for (const f of fields) {
    if (!editable(f) || f.maxLength !== 1) continue;
    groups.set(f.group, [...(groups.get(f.group) ?? []), f]);
  }
  return [...groups.values()].filter((g) => g.length >= 4 && g.length <= 8);
}

export function planFill(fields: readonly FieldInfo[], digits = 6): FillPlan {
  const singles = fields.filter((f) => editable(f) && (f.maxLength === null || (f.maxLength >= 4 && f.maxLength <= 8 && f.maxLength >= digits)) && wantsCode(f));
  // More than one candidate (a honeypot twin, a second form) is refused rather than guessed.
  if (singles.length === 1) return { kind: 'single', index: singles[0]!.index };
  if (singles.length > 1) {
    const declared = singles.filter((f) => f.autocomplete.includes('one-time-code'));
    return declared.length === 1 ? { kind: 'single', index: declared[0]!.index } : { kind: 'none' };
  }
  const groups = splitGroups(fields).filter((g) => g.length === digits && (g.some(wantsCode) || g.every((f) => f.inputMode === 'numeric' || f.type === 'tel' || f.type === 'number')));
  return groups.length === 1 ? { kind: 'split', indices: groups[0]!.map((f) => f.index) } : { kind: 'none' };
}
