import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { generateCode } from '../../../src/totp';
import { createCodesStore, createSearch, siteHost, type Generate } from '../../../src/ui';
import { account, manualClock } from './support';

const items = [
  account(0, { origin: 'https://my.alpha-broker.com', label: 'alice@example.com', issuer: 'Alpha Markets' }),
  account(1, { origin: 'https://cabinet.beta.io:8443', label: 'bob@example.com', issuer: 'Beta' }),
  account(2, { origin: 'https://my.alpha-broker.com', label: 'carol@example.com', issuer: 'Zoë Trading' }),
].map((a) => ({ account: a, host: siteHost(a.origin) }));

describe('search', () => {
  const ids = (list: readonly { account: { id: string } }[]) => list.map((i) => i.account.id);

  it('matches host, label and issuer; every word must match; case and accents do not matter', () => {
    const search = createSearch(signal(items));
    expect(ids(search.results.value)).toHaveLength(3);
    search.setQuery('alpha');
    expect(ids(search.results.value)).toEqual(['acct-0000', 'acct-0002']);
    search.setQuery('BOB');
    expect(ids(search.results.value)).toEqual(['acct-0001']);
    search.setQuery(':8443'); // the host keeps its port
    expect(ids(search.results.value)).toEqual(['acct-0001']);
    search.setQuery('zoe');
    expect(ids(search.results.value)).toEqual(['acct-0002']);
    search.setQuery('alpha  carol ');
    expect(ids(search.results.value)).toEqual(['acct-0002']);
    search.setQuery('alpha bob');
    expect(search.results.value).toEqual([]);
    search.setQuery('   ');
    expect(search.active.value).toBe(false);
    expect(ids(search.results.value)).toHaveLength(3);
  });

  it('never recomputes a code while typing', async () => {
    let calls = 0;
    const generate: Generate = (secret, options) => {
      calls++;
      return generateCode(secret, options);
    };
    const codes = createCodesStore({ clock: manualClock(), generate });
    await codes.show(Array.from({ length: 50 }, (_, i) => account(i)), {});
    await codes.settled();
    const search = createSearch(codes.rows);
    expect(calls).toBe(50);
    for (const query of ['c', 'cl', 'cli', 'client1', 'client12', 'broker3', '']) {
      search.setQuery(query);
      void search.results.value;
    }
    search.setQuery('client12');
    expect(search.results.value.map((r) => r.account.label)).toEqual(['client12@example.com']);
    await codes.settled();
    expect(calls).toBe(50);
    codes.dispose();
  });
});
