import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Algorithm, type Digits, encodeBase32, generateCode } from '../../../src/totp';
import { subtleCode } from '../../../src/totp/subtle-code';

/**
 * An implementation nobody here wrote: Debian's oathtool (OATH Toolkit). Random keys of 10–64 bytes
 * and random times in 0..4e9, every algorithm × digits × period combination; oathtool gets the key in
 * hex, this code gets it in base32, so the base32 path is checked as well. `npm test` installs
 * oathtool (scripts/ensure-test-tools.mjs); without it this test fails rather than skips.
 */
const OATHTOOL = process.env.OATHTOOL_PATH || '/usr/bin/oathtool';
const CASES = 240;
const WINDOW = 2; // oathtool -w 2 prints the codes of steps T, T+1, T+2: three comparisons per spawn
const PARALLEL = 8;
const run = promisify(execFile);

const COMBOS = (['SHA1', 'SHA256', 'SHA512'] as Algorithm[]).flatMap((algorithm) =>
  ([6, 8] as Digits[]).flatMap((digits) => [30, 60].map((period) => ({ algorithm, digits, period }))),
);

describe('generateCode and subtleCode agree with oathtool', () => {
  it(`${CASES} random keys and times × ${WINDOW + 1} steps, SHA1/SHA256/SHA512 × 6/8 digits × 30/60 s`, { timeout: 60_000 }, async () => {
    expect(existsSync(OATHTOOL), `oathtool is missing at ${OATHTOOL}: install it (apt-get install -y oathtool; npm test does) or set OATHTOOL_PATH`).toBe(true);

    const seed = Number(process.env.TOTP_ORACLE_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const draws = fc.sample(fc.record({ key: fc.uint8Array({ minLength: 10, maxLength: 64 }), time: fc.integer({ min: 0, max: 4_000_000_000 }) }), { seed, numRuns: CASES });
    const cases = draws.map((draw, i) => ({ ...draw, ...COMBOS[i % COMBOS.length]! }));

    const mismatches: string[] = [];
    for (let start = 0; start < cases.length; start += PARALLEL) {
      await Promise.all(
        cases.slice(start, start + PARALLEL).map(async ({ key, time, algorithm, digits, period }) => {
          const hex = Buffer.from(key).toString('hex');
          const args = [`--totp=${algorithm}`, '-d', String(digits), '-s', `${period}s`, '-N', `@${time}`, '-w', String(WINDOW), hex];
          const { stdout } = await run(OATHTOOL, args, { timeout: 10_000 });
          const theirs = stdout.trim().split('\n');
          expect(theirs).toHaveLength(WINDOW + 1);
          const secret = encodeBase32(key);
          for (let step = 0; step <= WINDOW; step++) {
            const ours = await generateCode(secret, { epochSeconds: time + step * period, algorithm, digits, period });
            if (ours !== theirs[step]) mismatches.push(`${algorithm}/${digits}/${period}s key ${key.length} bytes at ${time}+${step}: ${ours} ≠ oathtool ${theirs[step]}`);
            // The popup's small path (subtle-code.ts) too.
            const small = await subtleCode(secret, { epochSeconds: time + step * period, algorithm, digits, period });
            if (small !== theirs[step]) mismatches.push(`subtleCode ${algorithm}/${digits}/${period}s at ${time}+${step}: ${small} ≠ oathtool ${theirs[step]}`);
          }
        }),
      );
    }
    expect(mismatches, `seed ${seed} (rerun with TOTP_ORACLE_SEED=${seed})`).toEqual([]);
  });
});
