import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { WritableArea } from '../../../../../src/ui/options/adapters';
import { createSessionKeeper } from '../../../../../src/ui/options/setup';
import { SESSION } from '../../../../../src/storage/keys';
import { fakeMessenger, ok } from '../../support';

/**
 * The keeper against a `storage.session` that behaves as Chrome's does under load: reads and writes
 * are queued in order, a read started before a write answers the older value, and the change event
 * of a write may arrive before that read's answer. Whatever reacts to a new session must see it.
 */
function slowArea(): WritableArea & { value(): unknown } {
  let stored: unknown;
  const listeners = new Set<{ key: string; listener: (value: unknown) => void }>();
  const later = (turns: number) => new Promise<void>((done) => setTimeout(done, turns));
  return {
    value: () => stored,
    async get() {
      const seen = stored; // the value at the time the read was queued
      await later(20);
      return structuredClone(seen);
    },
    async set(key, value) {
      await later(1);
      stored = structuredClone(value);
      for (const l of listeners) if (l.key === key) l.listener(structuredClone(value));
    },
    async remove(key) {
      await later(1);
      stored = undefined;
      for (const l of listeners) if (l.key === key) l.listener(undefined);
    },
    watch(key, listener) {
      const entry = { key, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
  };
}

const tokens = (n: number) => ({
  accessToken: { token: `access-${n}`, createdAt: '2030-01-01T00:00:00+00:00', expiresAt: '2030-01-01T01:00:00+00:00' },
  refreshToken: { token: `refresh-${n}`, createdAt: '2030-01-01T00:00:00+00:00', expiresAt: '2030-01-08T00:00:00+00:00' },
});

describe('session keeper', () => {
  it('a new sign-in is visible to whatever reacts to it, even when a read overlaps the write', async () => {
    const session = slowArea();
    const keeper = createSessionKeeper({
      session,
      messenger: fakeMessenger().messenger,
      fetch: () => Promise.reject(new TypeError('no network here')),
      clock: { now: () => Date.parse('2030-01-01T00:00:00Z') },
    });
    await keeper.start();
    const seenBy: string[] = [];
    // As the set-up and history stores do: a new client's session appears → use it at once (a
    // refreshed pair of the same client is not news).
    let last: string | null = null;
    const clients: (string | null)[] = [];
    const stop = effect(() => {
      const current = keeper.current.value;
      const who = current?.email ?? null;
      if (who === last) return;
      last = who;
      clients.push(who);
      if (!current) return;
      void keeper.authorized(async (_api, token) => {
        seenBy.push(token);
        return ok(null);
      });
    });
    await keeper.signedIn('https://my.broker.example', 'ann@example.com', tokens(1));
    await keeper.signOut();
    await keeper.signedIn('https://my.broker.example', 'bob@example.com', tokens(2));
    await new Promise((done) => setTimeout(done, 100));
    stop();
    // Never a stale read's older value in between: Ann, signed out, Bob — and Bob stays.
    expect(clients).toEqual(['ann@example.com', null, 'bob@example.com']);
    expect(keeper.current.value).toMatchObject({ email: 'bob@example.com', accessToken: 'access-2' });
    expect(session.value()).toMatchObject({ email: 'bob@example.com' });
    expect(seenBy).toContain('access-2');
    expect(await session.get(SESSION.apiSession)).toMatchObject({ accessToken: 'access-2' });
  });
});
