import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import { encodeBase32 } from '../../../src/totp';
import type { Messenger, ReadableArea } from '../../../src/ui';
import type { PageType, Reply, ReplyOf, RequestOf } from '../../../src/messaging';
import type { AccountsSnapshot, AccountView } from '../../../src/storage/accounts-snapshot';

/**
 * Fakes for the UI's adapters, and a few DOM helpers. Time is a manual clock (fake timers that fire
 * only when the test advances it), so WebCrypto's real promises and `vi.waitFor` still run.
 */

/** 2023-11-14T22:13:05Z: 25 s left in its 30 s step (1,699,999,985 mod 30 = 5). */
export const T0 = 1_699_999_985_000;

export interface ManualClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Moves time on by `ms`, firing due timers in order (each at its own time). */
  advance(ms: number): void;
  set(ms: number): void;
  readonly pending: number;
}

export function manualClock(start = T0): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const clock: ManualClock = {
    now: () => now,
    setTimeout(callback, ms) {
      const id = ++seq;
      timers.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next: [number, { at: number; callback: () => void }] | undefined;
        for (const entry of timers) if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
        if (!next) break;
        timers.delete(next[0]);
        now = next[1].at;
        next[1].callback();
      }
      now = end;
    },
    set(ms) {
      clock.advance(ms - now);
    },
    get pending() {
      return timers.size;
    },
  };
  return clock;
}

/** A storage area in memory with a change feed, like `storage.session` / `storage.local`. */
export function memoryArea(initial: Record<string, unknown> = {}) {
  const items = new Map(Object.entries(initial));
  const listeners = new Set<{ key: string; listener: (value: unknown) => void }>();
  const area: ReadableArea & { set(key: string, value: unknown): void; remove(key: string): void; reads: number } = {
    reads: 0,
    async get(key) {
      area.reads++;
      return structuredClone(items.get(key));
    },
    watch(key, listener) {
      const entry = { key, listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    set(key, value) {
      items.set(key, value);
      for (const l of listeners) if (l.key === key) l.listener(structuredClone(value));
    },
    remove(key) {
      items.delete(key);
      for (const l of listeners) if (l.key === key) l.listener(undefined);
    },
  };
  return area;
}

type Handler<T extends PageType> = (payload: RequestOf<T>) => Reply<ReplyOf<T>> | Promise<Reply<ReplyOf<T>>>;

/** A messenger answering from per-type handlers, recording every call; unknown types answer `unsupported`. */
export function fakeMessenger(handlers: { [T in PageType]?: Handler<T> } = {}) {
  const calls: { type: PageType; payload: unknown }[] = [];
  const messenger = (async (type: PageType, payload: unknown) => {
    calls.push({ type, payload });
    const handler = handlers[type] as Handler<PageType> | undefined;
    if (!handler) return { ok: false, error: { kind: 'unsupported', message: `No handler for ${type}.` } };
    return handler(payload as never);
  }) as Messenger;
  return { messenger, calls, handlers, of: (type: PageType) => calls.filter((c) => c.type === type) };
}

export const ok = <T,>(value: T) => ({ ok: true as const, value });
export const fail = (kind: 'internal' | 'invalid_input' | 'unsupported' | 'forbidden' | 'locked', message: string) => ({ ok: false as const, error: { kind, message } });

/** A deterministic base32 key: 10 bytes from `seed` (B2Core keys are 10 bytes). */
export function keyOf(seed: number, bytes = 10): string {
  return encodeBase32(Uint8Array.from({ length: bytes }, (_, i) => (seed * 31 + i * 7 + 11) & 0xff));
}

export function account(i: number, over: Partial<AccountView> = {}): AccountView {
  return {
    id: `acct-${String(i).padStart(4, '0')}`,
    origin: `https://broker${i % 5}.example`,
    label: `client${i}@example.com`,
    issuer: `Broker ${i % 5}`,
    secret: keyOf(i),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    status: 'active',
    createdAt: 1_690_000_000_000 + i,
    ...over,
  };
}

export function snapshot(accounts: AccountView[], offsets: Record<string, number> = {}): AccountsSnapshot {
  return { v: 1, accounts, offsets, at: T0 };
}

/** A clipboard that remembers, and can be told to refuse or to hide its content. */
export function fakeClipboard() {
  const clip = {
    text: '',
    writes: [] as string[],
    refuse: false,
    writeText: vi.fn(async (text: string) => {
      if (clip.refuse) throw new Error('NotAllowedError');
      clip.text = text;
      clip.writes.push(text);
    }),
  };
  return clip;
}

export function fakePermissions(answer: boolean | Error = true) {
  const perms = {
    answer,
    requests: [] as string[][],
    removed: [] as string[][],
    request: vi.fn((origins: string[]) => {
      perms.requests.push(origins);
      return perms.answer instanceof Error ? Promise.reject(perms.answer) : Promise.resolve(perms.answer);
    }),
    remove: vi.fn(async (origins: string[]) => {
      perms.removed.push(origins);
      return true;
    }),
  };
  return perms;
}

export function fakeTabs(tab: { id?: number; url?: string } | undefined) {
  return { active: vi.fn(async () => tab) };
}

// ---- DOM ----------------------------------------------------------------------------------------

export async function mount(node: ComponentChild): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => {
    render(node, root);
  });
  return root;
}

export async function unmount(root: HTMLElement) {
  await act(() => {
    render(null, root);
  });
  root.remove();
}

/** Lets promises, Preact renders and signal DOM bindings run (real macrotasks, not the manual clock). */
export async function settle(rounds = 3) {
  for (let i = 0; i < rounds; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  }
}

/** The accessible name, for the cases these pages use: aria-labelledby, aria-label, <label for>, text. */
export function nameOf(el: Element): string {
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) return labelledBy.split(/\s+/).map((id) => el.ownerDocument.getElementById(id)?.textContent ?? '').join(' ').trim();
  const label = el.getAttribute('aria-label');
  if (label) return label.trim();
  if (el.id) {
    const forLabel = el.ownerDocument.querySelector(`label[for="${el.id}"]`);
    if (forLabel) return (forLabel.textContent ?? '').trim();
  }
  return contentName(el).replace(/\s+/g, ' ').trim();
}

/** Name from content, as browsers compute it here: aria-hidden parts left out, each element's text apart. */
function contentName(node: Node): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node instanceof Element && node.getAttribute('aria-hidden') === 'true') return '';
  return [...node.childNodes].map(contentName).join(' ');
}

const ROLE_SELECTORS: Record<string, string> = {
  button: 'button, [role=button]',
  listitem: 'li, [role=listitem]',
  list: 'ul, ol, [role=list]',
  status: '[role=status]',
  alert: '[role=alert]',
  textbox: 'input:not([type]), input[type=text], input[type=password], input[type=search], [role=textbox]',
  searchbox: 'input[type=search], [role=searchbox]',
  heading: 'h1, h2, h3, [role=heading]',
  checkbox: 'input[type=checkbox], [role=checkbox]',
};

export function allByRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement[] {
  const found = [...root.querySelectorAll<HTMLElement>(ROLE_SELECTORS[role] ?? `[role=${role}]`)].filter((el) => !el.closest('[hidden]'));
  if (name === undefined) return found;
  return found.filter((el) => (typeof name === 'string' ? nameOf(el) === name : name.test(nameOf(el))));
}

export function byRole(root: ParentNode, role: string, name?: string | RegExp): HTMLElement {
  const found = allByRole(root, role, name);
  if (found.length !== 1) throw new Error(`expected one ${role}${name ? ` named ${name}` : ''}, found ${found.length}: ${found.map(nameOf).join(' | ')}`);
  return found[0]!;
}

export async function click(el: HTMLElement) {
  await act(() => {
    el.click();
  });
}

export async function type(input: HTMLInputElement, value: string) {
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function submit(form: HTMLFormElement) {
  await act(() => {
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}
