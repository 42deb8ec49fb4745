import { batch, computed, effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { AccountView } from '../../storage/accounts-snapshot';
import type { CodeOptions } from '../../totp/generate-code';
import { subtleCode as totpCode } from '../../totp/subtle-code';
import type { Clock } from '../shared/adapters';
import { codePlaceholder, formatCode } from './format-code';
import { siteHost } from '../shared/site-host';
import { t } from '../../i18n';

/**
 * Live codes for a list of accounts (RFC 6238 §4 via src/totp's `generateCode`), at
 * `epochSeconds = (clock.now() + offsets[origin]) / 1000`, each with its countdown.
 *
 * Cost model, for a popup that must paint its first code fast with hundreds of accounts:
 * - Accounts that share (period, clock offset) share one `Timer`: one `secondsLeft` and one `counter`
 *   signal, bound straight into the DOM by every row (no component re-renders per second).
 * - One ticker wakes at the next whole second of whichever timer is due first.
 * - `show(accounts, {first})` builds the first `first` rows (a screenful), computes their codes and
 *   publishes them; after a paint it builds the other rows, publishes the whole list and computes
 *   their codes in batches, each batch one signal update.
 * - A code is computed again only when its timer's counter rolls over or its account changes: never
 *   for a search, a re-render or a snapshot that leaves the account as it was.
 */
export type Generate = (secret: string, options: CodeOptions) => Promise<string>;

export interface Timer {
  period: number;
  /** ms, server − local. */
  offset: number;
  /** 1..period, as `secondsLeft` of src/totp (the whole seconds before this code changes). */
  secondsLeft: ReadonlySignal<number>;
  /** RFC 6238 T of the code shown now. */
  counter: ReadonlySignal<number>;
  /** Share of the period left, 0..1, for the ring. */
  fraction: ReadonlySignal<number>;
}

export interface CodeRow {
  account: AccountView;
  /** `new URL(origin).host`. */
  host: string;
  /** The current code (bare digits), null until it is computed. */
  code: Signal<string | null>;
  /** True when the code cannot be computed (a malformed key); the row says so. */
  failed: Signal<boolean>;
  /** The code as shown: "123 456", a placeholder of the same width, or "Key error" (`popup_key_error`). */
  display: ReadonlySignal<string>;
  timer: Timer;
}

export interface CodesStoreDeps {
  clock: Clock;
  /** Default: src/totp's `subtleCode` (WebCrypto, imported keys cached; the popup's small path). */
  generate?: Generate;
  /** Rows computed per batch after the first screenful. */
  batchSize?: number;
  /** Lets a frame paint between batches (default: a clock timer of 0 ms). */
  yieldToPaint?: () => Promise<void>;
}

export interface CodesStore {
  /** Rows of the accounts last given to `show`, in that order: the first screenful once it has codes, then all. */
  rows: ReadonlySignal<CodeRow[]>;
  /** True once every row has had a first code attempt. */
  complete: ReadonlySignal<boolean>;
  /**
   * Shows these (active) accounts. Resolves once the first `first` rows have codes and are in `rows`;
   * the other rows and their codes follow on their own (see `settled`).
   */
  show(accounts: readonly AccountView[], offsets: Readonly<Record<string, number>>, options?: { first?: number }): Promise<void>;
  /** Resolves when every row of the last `show` is in `rows` (codes may still be coming). */
  allRows(): Promise<void>;
  /** Resolves when every row is in `rows` and every code pending now is computed. */
  settled(): Promise<void>;
  dispose(): void;
}

const SECOND = 1000;
const mod = (a: number, n: number) => ((a % n) + n) % n;

export function createCodesStore(deps: CodesStoreDeps): CodesStore {
  const { clock } = deps;
  const generate = deps.generate ?? totpCode;
  const batchSize = deps.batchSize ?? 100;
  const yieldToPaint = deps.yieldToPaint ?? (() => new Promise<void>((resolve) => clock.setTimeout(resolve, 0)));

  const now = signal(clock.now());
  const rows = signal<CodeRow[]>([]);
  const complete = signal(true);
  const timers = new Map<string, { timer: Timer; stop: () => void }>();
  const byId = new Map<string, CodeRow>();
  let tickHandle: unknown;
  let disposed = false;
  let generation = 0;
  let work: Promise<void> = Promise.resolve();
  /** Building the rows after the first screenful. */
  let tail: Promise<void> = Promise.resolve();
  /** The time step of the code each row shows. */
  const shownAt = new WeakMap<Signal<string | null>, number>();
  /** One URL parse per site, not per account. */
  const hosts = new Map<string, string>();
  const hostOf = (origin: string) => {
    let host = hosts.get(origin);
    if (host === undefined) hosts.set(origin, (host = siteHost(origin)));
    return host;
  };

  function timerFor(period: number, offset: number): Timer {
    const key = `${period}|${offset}`;
    const existing = timers.get(key);
    if (existing) return existing.timer;
    const seconds = computed(() => Math.floor((now.value + offset) / SECOND));
    const timer: Timer = {
      period,
      offset,
      secondsLeft: computed(() => period - mod(seconds.value, period)),
      counter: computed(() => Math.floor(seconds.value / period)),
      fraction: computed(() => (period - mod(seconds.value, period)) / period),
    };
    // A rollover recomputes this timer's codes (the subscription's first run is the current counter).
    let last = timer.counter.peek();
    const stop = effect(() => {
      const counter = timer.counter.value;
      if (counter === last) return;
      last = counter;
      const due = rows.peek().filter((row) => row.timer === timer);
      if (due.length > 0) enqueue(due);
    });
    timers.set(key, { timer, stop });
    return timer;
  }

  /** The next moment any timer's whole second changes. */
  function schedule() {
    if (disposed || timers.size === 0) return;
    const t = clock.now();
    let wait = SECOND;
    for (const { timer } of timers.values()) wait = Math.min(wait, SECOND - mod(t + timer.offset, SECOND));
    clock.clearTimeout(tickHandle);
    // A timer that fires a little early finds the same second and simply waits the remainder again.
    tickHandle = clock.setTimeout(tick, wait);
  }

  function tick() {
    if (disposed) return;
    now.value = clock.now();
    schedule();
  }

  function sameKey(a: AccountView, b: AccountView) {
    return a.secret === b.secret && a.algorithm === b.algorithm && a.digits === b.digits && a.period === b.period;
  }

  /** Makes `next` the list: indexes it, (when it is whole) drops timers no row uses, (re)starts the ticker. */
  function publish(next: CodeRow[], whole: boolean) {
    byId.clear();
    for (const row of next) byId.set(row.account.id, row);
    rows.value = next;
    for (const [key, { timer, stop }] of whole ? timers : []) {
      if (!next.some((row) => row.timer === timer)) {
        stop();
        timers.delete(key);
      }
    }
    schedule();
  }

  function rowFor(previous: ReadonlyMap<string, CodeRow>, account: AccountView, offset: number): CodeRow {
    const existing = previous.get(account.id);
    if (existing && sameKey(existing.account, account) && existing.timer.offset === offset) {
      if (existing.account === account) return existing;
      // Same key and clock: keep the code, take the new names.
      return { ...existing, account, host: hostOf(account.origin) };
    }
    const code = signal<string | null>(null);
    const failed = signal(false);
    const placeholder = codePlaceholder(account.digits);
    return {
      account,
      host: hostOf(account.origin),
      code,
      failed,
      display: computed(() => (failed.value ? t('popup_key_error') : code.value === null ? placeholder : formatCode(code.value))),
      timer: timerFor(account.period, offset),
    };
  }

  /** Computes codes for `due` at the current time; one signal batch for all of them. */
  async function compute(due: readonly CodeRow[]): Promise<void> {
    const t = clock.now();
    const results = await Promise.all(
      due.map((row) =>
        generate(row.account.secret, {
          epochSeconds: (t + row.timer.offset) / SECOND,
          algorithm: row.account.algorithm,
          digits: row.account.digits,
          period: row.account.period,
        }).then(
          (code) => ({ row, code, counter: Math.floor((t + row.timer.offset) / SECOND / row.account.period) }),
          () => ({ row, code: null, counter: -1 }),
        ),
      ),
    );
    if (disposed) return;
    batch(() => {
      for (const { row, code, counter } of results) {
        if (code === null) {
          row.failed.value = true;
          continue;
        }
        // A result for a counter that has rolled over meanwhile is dropped; the rollover recomputes.
        if (counter !== row.timer.counter.peek()) continue;
        row.failed.value = false;
        row.code.value = code;
        shownAt.set(row.code, counter);
      }
    });
  }

  /** Queues `due` behind any work in progress, in batches with a paint between them. */
  function enqueue(due: readonly CodeRow[], myGeneration = generation): Promise<void> {
    complete.value = false;
    work = work.then(async () => {
      for (let i = 0; i < due.length; i += batchSize) {
        if (disposed || myGeneration !== generation) return;
        await compute(due.slice(i, i + batchSize));
        if (i + batchSize < due.length) await yieldToPaint();
      }
      if (myGeneration === generation) complete.value = true;
    });
    return work;
  }

  return {
    rows,
    complete,
    async show(accounts, offsets, options = {}) {
      const myGeneration = ++generation;
      now.value = clock.now();
      const first = Math.max(0, Math.min(accounts.length, options.first ?? accounts.length));
      const previous = new Map(byId);
      const build = (from: number, to: number) => {
        const built: CodeRow[] = [];
        for (let i = from; i < to; i++) {
          const account = accounts[i]!;
          built.push(rowFor(previous, account, offsets[account.origin] ?? 0));
        }
        return built;
      };
      // No code yet, or one of another time step (kept from a list shown before a rollover).
      const needsCode = (row: CodeRow) => row.code.peek() === null || shownAt.get(row.code) !== row.timer.counter.peek();

      // The first screenful: its rows, its codes, published. Nothing else is built before it shows.
      const head = build(0, first);
      const headDue = head.filter(needsCode);
      if (headDue.length > 0) await compute(headDue);
      if (disposed || myGeneration !== generation) return;
      const whole = first >= accounts.length;
      publish(head, whole);
      if (whole) {
        complete.value = true;
        return;
      }
      // The others after a paint, then their codes in batches.
      complete.value = false;
      tail = (async () => {
        await yieldToPaint();
        if (disposed || myGeneration !== generation) return;
        const others = build(first, accounts.length);
        publish([...head, ...others], true);
        const due = others.filter(needsCode);
        if (due.length > 0) void enqueue(due, myGeneration);
        else complete.value = true;
      })();
    },
    allRows: () => tail,
    async settled() {
      await tail;
      await work;
    },
    dispose() {
      disposed = true;
      clock.clearTimeout(tickHandle);
      for (const { stop } of timers.values()) stop();
      timers.clear();
    },
  };
}
