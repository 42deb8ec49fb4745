import * as v from 'valibot';
import type { StorageArea } from './area';
import type { Entry } from './schemas';

/**
 * Reads and writes through the schemas of ./schemas.ts. `read` and `watch` validate every value:
 * an invalid one is reported — its key and where and what kind of problem, never the value (a vault
 * key may be in it) — and treated as absent, never cast. `write` is typed by the same schema.
 */
export type Report = (line: string) => void;

const warn: Report = (line) => console.warn(line);

/** One line about an invalid stored value: the key, and each problem's path and kind. */
export function describeInvalid(key: string, issues: readonly v.BaseIssue<unknown>[]): string {
  const where = issues.slice(0, 3).map((issue) => `${v.getDotPath(issue) ?? '(value)'}: ${issue.kind} ${issue.type}`);
  return `storage: "${key}" holds an invalid value (${where.join('; ')}); treated as absent`;
}

/** The value checked against the entry's schema; undefined when absent or invalid (reported). */
export function checked<T>(entry: Entry<T>, raw: unknown, report: Report = warn): T | undefined {
  if (raw === undefined) return undefined;
  const parsed = v.safeParse(entry.schema, raw);
  if (parsed.success) return parsed.output;
  report(describeInvalid(entry.key, parsed.issues));
  return undefined;
}

export async function read<T>(area: Pick<StorageArea, 'get'>, entry: Entry<T>, report: Report = warn): Promise<T | undefined> {
  return checked(entry, await area.get(entry.key), report);
}

export function write<T>(area: Pick<StorageArea, 'set'>, entry: Entry<T>, value: T): Promise<void> {
  return area.set(entry.key, value);
}

export function remove(area: Pick<StorageArea, 'remove'>, entry: Entry<unknown>): Promise<void> {
  return area.remove(entry.key);
}

/** Calls `listener` with each new value of the entry (undefined when removed or invalid); returns the unsubscribe. */
export function watch<T>(area: Pick<StorageArea, 'watch'>, entry: Entry<T>, listener: (value: T | undefined) => void, report: Report = warn): () => void {
  return area.watch(entry.key, (raw) => listener(checked(entry, raw, report)));
}
