import * as v from 'valibot';
import { err, ok, type Result } from '../result';
import { formatMigrationUri, formatOtpauthUri, parseMigrationUri, parseOtpauthUri, type OtpauthAccount } from '../totp';
import { AccountSchema, type Account } from './account';
import { fromBase64, fromUtf8, toBase64, utf8 } from './bytes';
import { MIN_ITERATIONS, normalizePassphrase, SALT_BYTES } from './key-wrap';
import { MIN_PASSPHRASE_LENGTH } from './vault';

/**
 * Backups, so that a browser reinstall loses nothing:
 * - encrypted JSON: every account (all statuses), AES-256-GCM under a PBKDF2-SHA256 key from the
 *   backup passphrase (parameters in the file);
 * - a plain otpauth:// list (one Key URI per line) for moving keys to a phone — readable by anyone,
 *   so the UI warns. Our extra `b2core_origin` parameter carries the site; other apps ignore it.
 * Import reads either (and Google Authenticator's otpauth-migration:// export) and plans a merge
 * that never duplicates an account (same key on the same site). A file is the person's choice but
 * not proof of anything: `planImport` decides what of it may enter the vault (see there).
 */
export const BACKUP_FORMAT = 'b2core-authenticator-backup';
const BACKUP_AAD = utf8('b2core-authenticator/backup/v1');
const ORIGIN_PARAM = 'b2core_origin';

export type BackupError =
  | { kind: 'weak_passphrase'; message: string }
  | { kind: 'needs_passphrase'; message: string }
  | { kind: 'wrong_passphrase'; message: string }
  | { kind: 'unreadable'; message: string };

/** An account read from a backup; `origin` is null when the backup did not say (a phone's export). */
export type ImportCandidate = Omit<Account, 'id' | 'origin'> & { origin: string | null };

export interface ReadBackup {
  /**
   * `encrypted`: this extension's own encrypted backup (the only source whose owner identity and
   * wizard id are kept); `links`: otpauth / otpauth-migration links, which carry neither.
   */
  source: 'encrypted' | 'links';
  candidates: ImportCandidate[];
  /** Lines or entries that could not be read: where, and why — never their content. */
  problems: { where: string; why: string }[];
}

/**
 * The least iteration count a backup file may name: a file asking for fewer is refused as unsafe,
 * whoever made it. Our own exports use {@link MIN_ITERATIONS} unless a test asks for less.
 */
export const BACKUP_MIN_ITERATIONS = 100_000;

const EncryptedBackup = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(1),
  createdAt: v.string(),
  kdf: v.object({ name: v.literal('PBKDF2'), hash: v.literal('SHA-256'), iterations: v.pipe(v.number(), v.integer(), v.minValue(BACKUP_MIN_ITERATIONS), v.maxValue(10_000_000)), salt: v.string() }),
  cipher: v.object({ name: v.literal('AES-GCM'), iv: v.string() }),
  data: v.string(),
});

async function backupKey(subtle: SubtleCrypto, passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await subtle.importKey('raw', utf8(normalizePassphrase(passphrase)) as BufferSource, 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, material, { name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
}

export async function exportEncrypted(
  accounts: readonly Account[],
  passphrase: string,
  deps: { crypto?: Crypto; now: () => number; iterations?: number },
): Promise<Result<string, BackupError>> {
  if (normalizePassphrase(passphrase).length < MIN_PASSPHRASE_LENGTH) {
    return err({ kind: 'weak_passphrase', message: `A backup passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.` });
  }
  const webCrypto = deps.crypto ?? globalThis.crypto;
  const salt = webCrypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = webCrypto.getRandomValues(new Uint8Array(12));
  const iterations = Math.max(deps.iterations ?? MIN_ITERATIONS, BACKUP_MIN_ITERATIONS);
  const key = await backupKey(webCrypto.subtle, passphrase, salt, iterations);
  const plain = utf8(JSON.stringify({ accounts }));
  const data = new Uint8Array(await webCrypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: BACKUP_AAD as BufferSource }, key, plain as BufferSource));
  const file: v.InferOutput<typeof EncryptedBackup> = {
    format: BACKUP_FORMAT,
    version: 1,
    createdAt: new Date(deps.now()).toISOString(),
    kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: toBase64(salt) },
    cipher: { name: 'AES-GCM', iv: toBase64(iv) },
    data: toBase64(data),
  };
  return ok(JSON.stringify(file, null, 2));
}

/**
 * One Key URI per line, active accounts only unless asked. An account the Key URI Format cannot
 * carry is left out and counted, never silently dropped.
 */
export function exportOtpauthList(accounts: readonly Account[], options: { includeArchived?: boolean } = {}): { text: string; skipped: number } {
  const lines: string[] = [];
  let skipped = 0;
  for (const a of accounts) {
    if (a.status !== 'active' && !(options.includeArchived === true && a.status === 'archived')) continue;
    try {
      lines.push(otpauthUriOf(a));
    } catch {
      skipped++;
    }
  }
  return { text: lines.join('\n'), skipped };
}

/**
 * One account's Key URI, as the plain list writes it (with the site in our extra parameter): what
 * "Show key" turns into a QR code for a phone. Throws `TotpError` when the Key URI Format cannot
 * carry the account.
 */
export function otpauthUriOf(a: Account): string {
  return `${formatOtpauthUri(toOtpauth(a))}&${ORIGIN_PARAM}=${encodeURIComponent(a.origin)}`;
}

/** How many accounts one transfer code (one QR code) carries: Google Authenticator's own hold about ten; fewer scan more easily. */
export const TRANSFER_PER_CODE = 8;

/**
 * "Add to a phone": Google Authenticator transfer links (`otpauth-migration://offline?data=…`, what
 * its "Transfer accounts" QR codes carry; docs/b2core-api.md has no part in it) for the active
 * accounts among `accounts`, in their order, TRANSFER_PER_CODE per link, the links numbered as one
 * batch (`batchId`) so the phone knows when it has them all. The issuer is the account's own, else
 * its site's host, so the phone says which broker a code is for. Accounts the format cannot carry
 * (7 digits, a period other than 30 s) are counted in `skipped`.
 */
export function phoneTransferUris(accounts: readonly Account[], batchId: number): { uris: string[]; skipped: number } {
  const carried: OtpauthAccount[] = [];
  let skipped = 0;
  for (const a of accounts) {
    if (a.status !== 'active') continue;
    const account = { ...toOtpauth(a), issuer: a.issuer.trim() || new URL(a.origin).host };
    try {
      formatMigrationUri([account]); // representable?
      carried.push(account);
    } catch {
      skipped++;
    }
  }
  const size = Math.ceil(carried.length / TRANSFER_PER_CODE);
  const uris = Array.from({ length: size }, (_, index) => formatMigrationUri(carried.slice(index * TRANSFER_PER_CODE, (index + 1) * TRANSFER_PER_CODE), { size, index, id: batchId }));
  return { uris, skipped };
}

const toOtpauth = (a: Account): OtpauthAccount => ({
  issuer: a.issuer.trim() || undefined,
  label: a.label.trim() || a.client.email || 'B2Core client',
  secret: a.secret,
  algorithm: a.algorithm,
  digits: a.digits,
  period: a.period,
});

/** Reads an encrypted backup (with its passphrase) or a list of otpauth / otpauth-migration links. */
export async function readBackup(text: string, passphrase: string | undefined, deps: { crypto?: Crypto; now: () => number }): Promise<Result<ReadBackup, BackupError>> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return readEncrypted(trimmed, passphrase, deps.crypto ?? globalThis.crypto);
  return ok(readLinks(trimmed, deps.now()));
}

async function readEncrypted(text: string, passphrase: string | undefined, webCrypto: Crypto): Promise<Result<ReadBackup, BackupError>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return err({ kind: 'unreadable', message: 'The file is neither a backup of this extension nor a list of otpauth links.' });
  }
  const file = v.safeParse(EncryptedBackup, json);
  if (!file.success) return err({ kind: 'unreadable', message: 'The file is not a backup of this extension (or is from a newer version).' });
  if (passphrase === undefined || passphrase === '') return err({ kind: 'needs_passphrase', message: 'This backup is encrypted: enter its passphrase.' });
  const salt = fromBase64(file.output.kdf.salt);
  const iv = fromBase64(file.output.cipher.iv);
  const data = fromBase64(file.output.data);
  if (!salt || !iv || !data) return err({ kind: 'unreadable', message: 'The backup file is damaged.' });
  let plain: Uint8Array;
  try {
    const key = await backupKey(webCrypto.subtle, passphrase, salt, file.output.kdf.iterations);
    plain = new Uint8Array(await webCrypto.subtle.decrypt({ name: 'AES-GCM', iv: iv as BufferSource, additionalData: BACKUP_AAD as BufferSource }, key, data as BufferSource));
  } catch {
    return err({ kind: 'wrong_passphrase', message: 'That passphrase does not open this backup (or the file was changed).' });
  }
  const content = v.safeParse(v.object({ accounts: v.array(v.unknown()) }), safeJson(plain));
  if (!content.success) return err({ kind: 'unreadable', message: 'The backup opened but holds no accounts list.' });
  const candidates: ImportCandidate[] = [];
  const problems: ReadBackup['problems'] = [];
  content.output.accounts.forEach((raw, index) => {
    const account = v.safeParse(AccountSchema, raw);
    if (!account.success) return problems.push({ where: `account ${index + 1}`, why: 'not a valid account' });
    const { id: _id, ...rest } = account.output;
    candidates.push(rest);
  });
  return ok({ source: 'encrypted', candidates, problems });
}

function safeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(fromUtf8(bytes));
  } catch {
    return null;
  }
}

function readLinks(text: string, now: number): ReadBackup {
  const candidates: ImportCandidate[] = [];
  const problems: ReadBackup['problems'] = [];
  const candidate = (a: OtpauthAccount, origin: string | null): ImportCandidate => ({
    origin,
    client: {},
    label: a.label,
    issuer: a.issuer ?? '',
    secret: a.secret,
    algorithm: a.algorithm,
    digits: a.digits,
    period: a.period,
    status: 'active',
    createdAt: now,
  });
  text.split(/\r?\n/).forEach((line, index) => {
    const link = line.trim();
    if (link === '' || link.startsWith('#')) return;
    const where = `line ${index + 1}`;
    if (/^otpauth-migration:/i.test(link)) {
      const batch = parseMigrationUri(link);
      if (!batch.ok) return problems.push({ where, why: batch.error.message });
      for (const a of batch.accounts) candidates.push(candidate(a, null));
      for (const skipped of batch.skippedEntries) problems.push({ where: `${where}, entry ${skipped.index + 1}`, why: skipped.reason });
      return;
    }
    const parsed = parseOtpauthUri(link);
    if (!parsed.ok) return problems.push({ where, why: parsed.error.message });
    candidates.push(candidate(parsed.account, originParam(link)));
  });
  return { source: 'links', candidates, problems };
}

/**
 * The site a link names in our extra parameter, when it is an origin at all (whether it is a
 * registered one is `planImport`'s question, so that a link naming another site is reported by name).
 */
function originParam(link: string): string | null {
  const query = link.split('?')[1]?.split('#')[0] ?? '';
  const origin = new URLSearchParams(query).get(ORIGIN_PARAM);
  return origin !== null && isOrigin(origin) ? origin : null;
}

function isOrigin(text: string): boolean {
  if (text.length > 300) return false;
  try {
    return new URL(text).origin === text;
  } catch {
    return false;
  }
}

export interface ImportPlan {
  add: Account[];
  /** Already in the vault: the same key for the same site. */
  duplicates: number;
  /** No site known and none chosen: the person picks a site and imports again. */
  needsSite: number;
  /** Keys naming a site that is not registered, none chosen: left out, counted by the site named. */
  unregistered: { origin: string; count: number }[];
  /** Keys naming a site that is not registered, added for the chosen site instead. */
  moved: { origin: string; count: number }[];
  /** Keys pending in the file (no server confirmed them), added archived. */
  pendingArchived: number;
}

export interface ImportOptions {
  /** The registered sites: the only origins an account may arrive with. */
  sites: readonly string[];
  /** The site the person chose for keys whose file names none, or names one not registered. */
  site?: string;
  newId: () => string;
  now: number;
}

/**
 * What importing a read file adds to `existing`: nothing twice, nothing overwritten, and nothing the
 * file could use to claim more than a key (DESIGN.md, trust rules):
 * - an account arrives `active` or `archived`: a `pending` one (no server confirmed it) is added
 *   archived, for the person to restore if they know the site accepts it;
 * - its origin is a registered site, or the chosen one: a key naming another site takes the chosen
 *   site, or is left out (and reported by the site it named) when none was chosen — never is a site
 *   registered by an import;
 * - the owner (`client`) and `wizardUuid` are kept only from our own encrypted backup, and only
 *   under the site the entry named; links carry neither (their label stays a label);
 * - times are kept but never later than `now` (a future confirmation would outrank every real key).
 */
export function planImport(existing: readonly Account[], read: Pick<ReadBackup, 'source' | 'candidates'>, options: ImportOptions): ImportPlan {
  const allowed = new Set(options.sites);
  if (options.site !== undefined) allowed.add(options.site);
  const seen = new Set(existing.map((a) => `${a.origin} ${a.secret}`));
  const plan: ImportPlan = { add: [], duplicates: 0, needsSite: 0, unregistered: [], moved: [], pendingArchived: 0 };
  const unregistered = new Map<string, number>();
  const moved = new Map<string, number>();
  for (const c of read.candidates) {
    let origin: string;
    let ownSite = false;
    if (c.origin !== null && allowed.has(c.origin)) {
      origin = c.origin;
      ownSite = true;
    } else if (options.site !== undefined) {
      origin = options.site;
    } else {
      if (c.origin === null) plan.needsSite++;
      else unregistered.set(c.origin, (unregistered.get(c.origin) ?? 0) + 1);
      continue;
    }
    const key = `${origin} ${c.secret}`;
    if (seen.has(key)) {
      plan.duplicates++;
      continue;
    }
    seen.add(key);
    if (c.origin !== null && !ownSite) moved.set(c.origin, (moved.get(c.origin) ?? 0) + 1);
    if (c.status === 'pending') plan.pendingArchived++;
    plan.add.push(admitted(c, { id: options.newId(), origin, keepsOwner: read.source === 'encrypted' && ownSite, now: options.now }));
  }
  plan.unregistered = [...unregistered].map(([origin, count]) => ({ origin, count }));
  plan.moved = [...moved].map(([origin, count]) => ({ origin, count }));
  return plan;
}

/** The account an admitted candidate becomes: built field by field, so nothing else rides along. */
function admitted(c: ImportCandidate, at: { id: string; origin: string; keepsOwner: boolean; now: number }): Account {
  const time = (ms: number) => Math.min(ms, at.now);
  const client = at.keepsOwner
    ? { ...(c.client.email !== undefined ? { email: c.client.email } : {}), ...(c.client.clientId !== undefined ? { clientId: c.client.clientId } : {}) }
    : {};
  const base = {
    id: at.id,
    origin: at.origin,
    client,
    label: c.label,
    issuer: c.issuer,
    secret: c.secret,
    algorithm: c.algorithm,
    digits: c.digits,
    period: c.period,
    createdAt: time(c.createdAt),
    ...(at.keepsOwner && c.wizardUuid !== undefined ? { wizardUuid: c.wizardUuid } : {}),
    ...(c.pinned !== undefined ? { pinned: c.pinned } : {}),
    ...(c.order !== undefined ? { order: c.order } : {}),
  };
  // A pending key was never confirmed: no confirmation time comes with it.
  const confirmed = c.status !== 'pending' && c.confirmedAt !== undefined ? { confirmedAt: time(c.confirmedAt) } : {};
  if (c.status === 'active') return { ...base, ...confirmed, status: 'active' };
  if (c.status === 'archived') return { ...base, ...confirmed, status: 'archived', ...(c.archivedAt !== undefined ? { archivedAt: time(c.archivedAt) } : {}) };
  return { ...base, status: 'archived', archivedAt: at.now };
}
