import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The hostile-page suites count their cases (cases, fills of a field the extension must not fill,
 * saves of something a page must not save, positive controls) into one line at the end of the run,
 * `hostile pages: N cases, 0 fills, 0 saves (C positive controls filled the real field)`. Each file
 * runs in a process of its own, so each writes its tally here and the summary reporter adds them up.
 */
export interface Tally {
  cases: number;
  fills: number;
  saves: number;
  controls: number;
}

export const TALLY_DIR = resolve('test-results/hostile-tally');

export function writeTally(name: string, tally: Tally): void {
  mkdirSync(TALLY_DIR, { recursive: true });
  writeFileSync(join(TALLY_DIR, `${name}.json`), JSON.stringify(tally));
}

/** The sum of every file's tally, or null when no hostile suite ran. */
export function readTallies(): Tally | null {
  let files: string[];
  try {
    files = readdirSync(TALLY_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    return null;
  }
  if (files.length === 0) return null;
  const sum: Tally = { cases: 0, fills: 0, saves: 0, controls: 0 };
  for (const f of files) {
    const t = JSON.parse(readFileSync(join(TALLY_DIR, f), 'utf8')) as Tally;
    for (const k of Object.keys(sum) as (keyof Tally)[]) sum[k] += t[k];
  }
  return sum;
}

export function clearTallies(): void {
  rmSync(TALLY_DIR, { recursive: true, force: true });
}
