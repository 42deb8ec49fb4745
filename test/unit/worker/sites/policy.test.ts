import { describe, expect, it } from 'vitest';
import { NO_POLICY, parsePolicy, readPolicy } from '../../../../src/worker/sites/policy';
import { checkChange, clampSettings, DEFAULT_SETTINGS, storedSettings } from '../../../../src/worker/settings/settings';

const logged = () => {
  const lines: string[] = [];
  return { lines, log: (line: string) => void lines.push(line) };
};

describe('managed policy: parse', () => {
  it('takes well-formed keys as they are', () => {
    const { lines, log } = logged();
    expect(parsePolicy({ sites: ['https://my.broker.example', 'http://127.0.0.1:8787/'], requirePassphrase: true, maxAutoLockMinutes: 10 }, log)).toEqual({
      sites: ['http://127.0.0.1:8787', 'https://my.broker.example'],
      requirePassphrase: true,
      maxAutoLockMinutes: 10,
    });
    expect(lines).toEqual([]);
  });

  it('is no policy when nothing is set', () => {
    expect(parsePolicy({})).toEqual(NO_POLICY);
    expect(parsePolicy(undefined)).toEqual(NO_POLICY);
  });

  it('ignores each bad value on its own, with a log line that does not echo it, and keeps the rest', () => {
    const { lines, log } = logged();
    const policy = parsePolicy(
      {
        sites: ['https://ok.example', 'http://plain.example', 'https://with.path.example/login', 'javascript:alert(1)', 'https://user:pw@x.example', 42, null, 'not a site'],
        requirePassphrase: 'yes',
        maxAutoLockMinutes: 0,
      },
      log,
    );
    expect(policy).toEqual({ sites: ['https://ok.example'], requirePassphrase: false, maxAutoLockMinutes: null });
    expect(lines).toEqual([
      'managed policy: 7 entries of "sites" ignored (not an exact https origin)',
      'managed policy: "requirePassphrase" ignored (not true or false)',
      'managed policy: "maxAutoLockMinutes" ignored (not a whole number from 1 to 1440)',
    ]);
    expect(lines.join(' ')).not.toContain('pw@');
  });

  it.each([
    ['a string', '15'],
    ['a fraction', 2.5],
    ['too long', 1441],
    ['negative', -5],
    ['not a number', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
  ])('refuses an auto-lock maximum that is %s', (_what, value) => {
    expect(parsePolicy({ maxAutoLockMinutes: value }).maxAutoLockMinutes).toBeNull();
  });

  it('survives hostile shapes: arrays, prototypes, huge lists, getters that throw', async () => {
    expect(parsePolicy([1, 2, 3])).toEqual(NO_POLICY);
    expect(parsePolicy('policy')).toEqual(NO_POLICY);
    expect(parsePolicy({ sites: 'https://one.example' }).sites).toEqual([]);
    expect(parsePolicy(JSON.parse('{"__proto__": {"requirePassphrase": true}, "sites": []}'))).toEqual(NO_POLICY);
    const many = Array.from({ length: 5000 }, (_, i) => `https://b${i}.example`);
    expect(parsePolicy({ sites: many }).sites).toHaveLength(200);
    expect(parsePolicy({ sites: ['https://' + 'a'.repeat(400) + '.example'] }).sites).toEqual([]);
    const { lines, log } = logged();
    expect(await readPolicy(() => Promise.reject(new Error('no managed storage')), log)).toEqual(NO_POLICY);
    const trap = {
      get sites(): string[] {
        throw new Error('trap');
      },
    };
    expect(await readPolicy(async () => trap, log)).toEqual(NO_POLICY);
    expect(lines).toEqual(['managed policy could not be read', 'managed policy could not be read']);
  });
});

describe('settings under the policy', () => {
  it('fills in defaults field by field (a broken field does not lose the others)', () => {
    expect(storedSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toEqual({ autoLockMinutes: 15, autofill: 'auto', autoSubmit: false });
    expect(storedSettings({ autoLockMinutes: null, autofill: 'sometimes', autoSubmit: true })).toEqual({ autoLockMinutes: null, autofill: 'auto', autoSubmit: true });
    expect(storedSettings({ autoLockMinutes: 0.5, autofill: 'manual' })).toEqual({ autoLockMinutes: 15, autofill: 'manual', autoSubmit: false });
  });

  it('clamps the delay in force to the policy maximum, "never" included', () => {
    const policy = { ...NO_POLICY, maxAutoLockMinutes: 10 };
    expect(clampSettings({ ...DEFAULT_SETTINGS, autoLockMinutes: 60 }, policy).autoLockMinutes).toBe(10);
    expect(clampSettings({ ...DEFAULT_SETTINGS, autoLockMinutes: null }, policy).autoLockMinutes).toBe(10);
    expect(clampSettings({ ...DEFAULT_SETTINGS, autoLockMinutes: 5 }, policy).autoLockMinutes).toBe(5);
    expect(clampSettings({ ...DEFAULT_SETTINGS, autoLockMinutes: null }, NO_POLICY).autoLockMinutes).toBeNull();
  });

  it('refuses a change beyond the policy (never silently altered), accepts one within it', () => {
    const policy = { ...NO_POLICY, maxAutoLockMinutes: 10 };
    expect(checkChange({ autoLockMinutes: null }, policy)).toEqual({ ok: false, error: 'Your organisation requires the vault to lock after at most 10 min without use.' });
    expect(checkChange({ autoLockMinutes: 15 }, policy).ok).toBe(false);
    expect(checkChange({ autoLockMinutes: 10, autoSubmit: true }, policy)).toEqual({ ok: true, value: { autoLockMinutes: 10, autoSubmit: true } });
    expect(checkChange({ autoLockMinutes: undefined, autofill: 'off' }, policy)).toEqual({ ok: true, value: { autofill: 'off' } });
    expect(checkChange({ autoLockMinutes: null }, NO_POLICY).ok).toBe(true);
  });
});
