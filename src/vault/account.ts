import * as v from 'valibot';

/**
 * An authenticator account as the vault keeps it (the decrypted form of one entry).
 * Identity: the exact B2Core origin plus the client (email and/or the `sub` of its access token).
 */
export type AccountStatus = 'pending' | 'active' | 'archived';
export type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';

export const ACCOUNT_FORMAT = 1;

const base32Secret = v.pipe(v.string(), v.regex(/^[A-Z2-7]{16,205}$/));
const origin = v.pipe(
  v.string(),
  v.maxLength(300),
  v.check((s) => {
    try {
      return new URL(s).origin === s;
    } catch {
      return false;
    }
  }),
);
const time = v.pipe(v.number(), v.integer(), v.minValue(0));

export const AccountSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/)),
  origin,
  client: v.object({
    email: v.optional(v.pipe(v.string(), v.maxLength(254))),
    clientId: v.optional(v.pipe(v.string(), v.maxLength(64))),
  }),
  label: v.pipe(v.string(), v.maxLength(200)),
  issuer: v.pipe(v.string(), v.maxLength(200)),
  secret: base32Secret,
  algorithm: v.picklist(['SHA1', 'SHA256', 'SHA512']),
  digits: v.picklist([6, 7, 8]),
  period: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3600)),
  status: v.picklist(['pending', 'active', 'archived']),
  createdAt: time,
  confirmedAt: v.optional(time),
  archivedAt: v.optional(time),
  wizardUuid: v.optional(v.pipe(v.string(), v.maxLength(64))),
  /** Shown first in the popup and the settings page (optional: records from before it stay valid). */
  pinned: v.optional(v.boolean()),
  /** Place in the person's own order, lowest first; accounts without one follow, by site and label. */
  order: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

export type Account = v.InferOutput<typeof AccountSchema>;

/** Random, URL-safe, 16 bytes of entropy. */
export function newAccountId(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  return Array.from(random(16), (b) => b.toString(16).padStart(2, '0')).join('');
}

export const isAccount = (value: unknown): value is Account => v.is(AccountSchema, value);
