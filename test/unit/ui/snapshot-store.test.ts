import { describe, expect, it } from 'vitest';
import { createSnapshotStore } from '../../../src/ui';
import { parseSnapshot } from '../../../src/storage';
import { SESSION } from '../../../src/storage/keys';
import { account, fail, fakeMessenger, memoryArea, ok, snapshot } from './support';

describe('the accounts snapshot', () => {
  it('is read once from storage.session; an unlocked popup does not wake the worker', async () => {
    const session = memoryArea({ [SESSION.snapshot]: snapshot([account(0)]) });
    const worker = fakeMessenger();
    const store = createSnapshotStore({ session, messenger: worker.messenger });
    await store.start();
    expect(store.phase.value).toBe('ready');
    expect(store.snapshot.value?.accounts).toHaveLength(1);
    expect(session.reads).toBe(1);
    expect(worker.calls).toEqual([]);
  });

  it.each([
    ['a new vault', { state: 'new', unlocked: false }, 'empty'],
    ['an unlocked vault without accounts', { state: 'protected', unlocked: true }, 'empty'],
    ['a locked vault', { state: 'protected', unlocked: false }, 'locked'],
    ['an unreadable vault', { state: 'corrupt', unlocked: false }, 'unavailable'],
  ] as const)('without one, asks the worker: %s → %s', async (_name, state, phase) => {
    const worker = fakeMessenger({ 'vault/state': () => ok(state) });
    const store = createSnapshotStore({ session: memoryArea(), messenger: worker.messenger });
    await store.start();
    expect(worker.of('vault/state')).toHaveLength(1);
    expect(store.phase.value).toBe(phase);
  });

  it('opens a vault that has no passphrase without asking for one', async () => {
    const session = memoryArea();
    const worker = fakeMessenger({
      'vault/state': () => ok({ state: 'plain', unlocked: false }),
      'vault/unlock': () => {
        session.set(SESSION.snapshot, snapshot([account(0)]));
        return ok({ unlocked: true as const });
      },
    });
    const store = createSnapshotStore({ session, messenger: worker.messenger });
    await store.start();
    expect(worker.of('vault/unlock')).toEqual([{ type: 'vault/unlock', payload: {} }]);
    expect(store.phase.value).toBe('ready');
  });

  it('says why when the worker does not answer', async () => {
    const worker = fakeMessenger({ 'vault/state': () => fail('internal', 'The extension did not answer; try again.') });
    const store = createSnapshotStore({ session: memoryArea(), messenger: worker.messenger });
    await store.start();
    expect(store.phase.value).toBe('unavailable');
    expect(store.error.value).toBe('The extension did not answer; try again.');
  });

  it('unlocks with the passphrase: a wrong one is an error, the right one shows the accounts', async () => {
    const session = memoryArea();
    const worker = fakeMessenger({
      'vault/state': () => ok({ state: 'protected', unlocked: false }),
      'vault/unlock': ({ passphrase }) => {
        if (passphrase !== 'correct horse') return fail('forbidden', 'Wrong passphrase.');
        session.set(SESSION.snapshot, snapshot([account(0), account(1)]));
        return ok({ unlocked: true as const });
      },
    });
    const store = createSnapshotStore({ session, messenger: worker.messenger });
    await store.start();
    expect(store.phase.value).toBe('locked');
    await store.unlock('nope');
    expect(store.phase.value).toBe('locked');
    expect(store.error.value).toBe('Wrong passphrase.');
    await store.unlock('correct horse');
    expect(worker.of('vault/unlock').at(-1)).toEqual({ type: 'vault/unlock', payload: { passphrase: 'correct horse' } });
    expect(store.phase.value).toBe('ready');
    expect(store.error.value).toBeNull();
    expect(store.snapshot.value?.accounts).toHaveLength(2);
  });

  it('follows storage.session: a snapshot written later shows; a removed one (lock) asks the worker again', async () => {
    const session = memoryArea();
    let unlocked = false;
    const worker = fakeMessenger({ 'vault/state': () => ok({ state: 'protected', unlocked }) });
    const store = createSnapshotStore({ session, messenger: worker.messenger });
    await store.start();
    expect(store.phase.value).toBe('locked');
    unlocked = true;
    session.set(SESSION.snapshot, snapshot([account(3)]));
    expect(store.phase.value).toBe('ready');
    expect(store.snapshot.value?.accounts[0]?.id).toBe('acct-0003');
    unlocked = false;
    session.remove(SESSION.snapshot);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.phase.value).toBe('locked');
    expect(store.snapshot.value).toBeNull();
    store.dispose();
  });

  it('ignores a value that is not a snapshot', () => {
    const isSnapshot = (value: unknown) => parseSnapshot(value) !== null;
    expect(isSnapshot(snapshot([]))).toBe(true);
    expect(isSnapshot(JSON.stringify(snapshot([])))).toBe(true);
    expect(isSnapshot({ v: 2, accounts: [], offsets: {} })).toBe(false);
    expect(isSnapshot({ v: 1, accounts: {}, offsets: {} })).toBe(false);
    expect(isSnapshot(null)).toBe(false);
    expect(isSnapshot('{not json')).toBe(false);
  });

  it('also takes the snapshot stored as a JSON string (the faster form to read)', async () => {
    const session = memoryArea({ [SESSION.snapshot]: JSON.stringify(snapshot([account(0), account(1)])) });
    const store = createSnapshotStore({ session, messenger: fakeMessenger().messenger });
    await store.start();
    expect(store.phase.value).toBe('ready');
    expect(store.snapshot.value?.accounts.map((a) => a.id)).toEqual(['acct-0000', 'acct-0001']);
    session.set(SESSION.snapshot, '{not json');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(store.snapshot.value).toBeNull(); // unreadable: treated as gone, the worker is asked
  });
});
