import { generateCode, secondsLeft } from '../../totp';
import type { Account } from '../../vault';
import { read, SESSION_ENTRIES, write, type StorageArea } from '../../storage';
import { keyedSerialQueue } from '../../serial-queue';

/**
 * The one rule for a code the extension hands out (a fill on a site, or a code the settings page
 * sends to the API): computed at the site's server time (RFC 6238 §6: the verifier's clock counts),
 * never with under {@link MIN_SECONDS_LEFT} s left in its period (it would expire in transit), and
 * never twice for the same period of the same account (B2Core accepts a code once, RFC 6238 §5.2),
 * so it waits for the next period in both cases. The used periods live in `storage.session`
 * (SESSION.usedSteps), shared by every caller, because the worker may stop between two codes.
 */
export const MIN_SECONDS_LEFT = 3;

export interface FreshCodeDeps {
  session: StorageArea;
  now(): number;
  sleep(ms: number): Promise<void>;
}

export type CodeSource = Pick<Account, 'id' | 'secret' | 'algorithm' | 'digits' | 'period'>;

export async function freshCode(deps: FreshCodeDeps, account: CodeSource, offsetMs: number): Promise<{ code: string; secondsLeft: number }> {
  const period = account.period;
  const serverSeconds = () => (deps.now() + offsetMs) / 1000;
  const used = (await read(deps.session, SESSION_ENTRIES.usedSteps)) ?? {};
  const lastStep = used[account.id] ?? -1;
  let at = serverSeconds();
  if (Math.floor(at / period) <= lastStep || secondsLeft(at, period) < MIN_SECONDS_LEFT) {
    const nextStep = Math.max(Math.floor(at / period) + (secondsLeft(at, period) < MIN_SECONDS_LEFT ? 1 : 0), lastStep + 1);
    await deps.sleep(Math.max(0, nextStep * period - at) * 1000 + 100);
    at = serverSeconds();
  }
  const left = secondsLeft(at, period);
  const code = await generateCode(account.secret, { epochSeconds: at, algorithm: account.algorithm, digits: account.digits, period });
  await markUsed(deps.session, account.id, Math.floor(at / period));
  return { code, secondsLeft: left };
}

/**
 * The used steps of all accounts are one session entry, so its updates run one at a time per area:
 * two tabs (or a tab and the settings page) taking codes at once must not lose each other's step,
 * or a code could be filled twice. A step only ever moves forward.
 */
const perArea = keyedSerialQueue<StorageArea>();

function markUsed(session: StorageArea, accountId: string, step: number): Promise<void> {
  return perArea(session, async () => {
    const used = (await read(session, SESSION_ENTRIES.usedSteps)) ?? {};
    await write(session, SESSION_ENTRIES.usedSteps, { ...used, [accountId]: Math.max(step, used[accountId] ?? -1) });
  });
}
