import { WebCryptoPlugin } from '@otplib/plugin-crypto-web';
import { createGuardrails, generate } from 'otplib';
import { createTotp, encodeBase32 } from '../src/totp';
import { type BenchRow, spread, time, type Timing } from './support';

/**
 * What an open popup costs: codes for 1,000 accounts at once (`Promise.all`, as the popup renders
 * them), against the floor of the same work done directly on WebCrypto — 1,000 `sign` calls with keys
 * already imported, plus the RFC 4226 §5.3 truncation — measured in the same run.
 *
 * The machine's two cores are shared, so the warm/floor pair is measured in interleaved rounds (the
 * order flipping each round) and the ratio is the median of the rounds' ratios.
 */
const ACCOUNTS = 1000;
const EPOCH = 1_700_000_000;
const ROUNDS = 7;
const guardrails = createGuardrails({ MIN_SECRET_BYTES: 10 });

export async function run(): Promise<BenchRow[]> {
  const keys = Array.from({ length: ACCOUNTS }, () => crypto.getRandomValues(new Uint8Array(10)));
  const secrets = keys.map(encodeBase32);
  const options = { epochSeconds: EPOCH };

  // (a) warm: every key already imported, as in a popup that is open.
  const engine = createTotp();
  await Promise.all(secrets.map((s) => engine.generateCode(s, options)));
  const warm = () => Promise.all(secrets.map((s) => engine.generateCode(s, options)));

  // (b) the floor: WebCrypto alone, keys pre-imported.
  const imported = await Promise.all(keys.map((k) => crypto.subtle.importKey('raw', k, { name: 'HMAC', hash: 'SHA-1' }, false, ['sign'])));
  const counter = new Uint8Array(8);
  new DataView(counter.buffer).setBigUint64(0, BigInt(Math.floor(EPOCH / 30)));
  const floor = () => Promise.all(imported.map(async (key) => truncate(new Uint8Array(await crypto.subtle.sign('HMAC', key, counter)))));

  const rounds: { warm: Timing; floor: Timing; ratio: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const first = round % 2 === 0 ? warm : floor;
    const a = await time(first, { runs: 9, warmup: 2 });
    const b = await time(first === warm ? floor : warm, { runs: 9, warmup: 2 });
    const [w, f] = first === warm ? [a, b] : [b, a];
    rounds.push({ warm: w, floor: f, ratio: w.median / f.median });
  }
  rounds.sort((x, y) => x.ratio - y.ratio);
  const middle = rounds[Math.floor(ROUNDS / 2)]!;

  // (c) cold: a fresh engine, so every key is imported once.
  const cold = await time(() => {
    const fresh = createTotp();
    return Promise.all(secrets.map((s) => fresh.generateCode(s, options)));
  });

  // (d) for scale: otplib's own `generate` with its stock WebCrypto plugin (an import per call).
  const stock = new WebCryptoPlugin();
  const uncached = await time(() => Promise.all(keys.map((k) => generate({ secret: k, epoch: EPOCH, crypto: stock, guardrails }))));

  const range = `${rounds[0]!.ratio.toFixed(2)}–${rounds.at(-1)!.ratio.toFixed(2)}×`;
  return [
    {
      name: `${ACCOUNTS} accounts' codes, warm keys (generateCode)`,
      ms: middle.warm.median,
      note: `${middle.ratio.toFixed(2)}× the WebCrypto floor (target ≤ 1.30×; ${ROUNDS} interleaved rounds ${range}); ${spread(middle.warm)}`,
    },
    { name: `${ACCOUNTS} × WebCrypto sign + truncation (floor)`, ms: middle.floor.median, note: spread(middle.floor) },
    {
      name: `${ACCOUNTS} accounts' codes, cold (import each key)`,
      ms: cold.median,
      note: `${(cold.median / middle.floor.median).toFixed(2)}× floor; ${spread(cold)}`,
    },
    {
      name: `${ACCOUNTS} codes, otplib generate + stock WebCrypto`,
      ms: uncached.median,
      note: `no key cache, otplib per call: ${(uncached.median / middle.floor.median).toFixed(2)}× floor; ${spread(uncached)}`,
    },
  ];
}

/** RFC 4226 §5.3 dynamic truncation to 6 digits. */
function truncate(digest: Uint8Array): string {
  const offset = digest[digest.length - 1]! & 0x0f;
  const binary = ((digest[offset]! & 0x7f) << 24) | (digest[offset + 1]! << 16) | (digest[offset + 2]! << 8) | digest[offset + 3]!;
  return String(binary % 1_000_000).padStart(6, '0');
}
