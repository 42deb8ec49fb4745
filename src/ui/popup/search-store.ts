import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { AccountView } from '../../storage/accounts-snapshot';

/**
 * Search as you type over host, label and issuer: every word typed must appear in one of them (case
 * and accents ignored). Each account's text is prepared once, so a keystroke is one pass of
 * `includes` over the list and never recomputes a code.
 */
export interface Searchable {
  account: AccountView;
  host: string;
}

export interface Search<T extends Searchable> {
  query: ReadonlySignal<string>;
  setQuery(query: string): void;
  /** The items matching the query (all of them for an empty query), in their order. */
  results: ReadonlySignal<T[]>;
  /** True when the query has words in it. */
  active: ReadonlySignal<boolean>;
}

export const normalize = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function createSearch<T extends Searchable>(items: ReadonlySignal<readonly T[]>): Search<T> {
  const query = signal('');
  const texts = new WeakMap<AccountView, string>();
  const textOf = (item: T) => {
    let text = texts.get(item.account);
    if (text === undefined) {
      text = normalize(`${item.host}\n${item.account.label}\n${item.account.issuer}`);
      texts.set(item.account, text);
    }
    return text;
  };
  const words = computed(() => normalize(query.value).split(/\s+/).filter(Boolean));
  return {
    query,
    setQuery(next) {
      query.value = next;
    },
    active: computed(() => words.value.length > 0),
    results: computed(() => {
      const all = items.value;
      const terms = words.value;
      if (terms.length === 0) return all as T[];
      return all.filter((item) => {
        const text = textOf(item);
        return terms.every((term) => text.includes(term));
      });
    }),
  };
}
