import { performance } from 'node:perf_hooks';

/**
 * Small timing helpers for benchmarks (never for tests). A machine here has 2 shared cores, so every
 * figure is a median over repeated runs, and comparisons are ratios measured in the same run.
 */
export interface Timing {
  median: number;
  p10: number;
  p90: number;
  runs: number;
}

export interface BenchRow {
  /** What was measured, e.g. "1,000 accounts' codes". */
  name: string;
  /** Median milliseconds, or null for a row that is not a time (a size). */
  ms: number | null;
  /** Spread and context for a person reading the table (e.g. "p10–p90 1.2–1.5 ms", "1.14× floor"). */
  note: string;
  /** The figures behind the row, for bench/results/latest.json (medians, spreads, ratios). */
  detail?: Record<string, unknown>;
}

export async function time(fn: () => unknown | Promise<unknown>, options: { runs?: number; warmup?: number } = {}): Promise<Timing> {
  const runs = options.runs ?? 21;
  for (let i = 0; i < (options.warmup ?? 3); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { median: at(0.5), p10: at(0.1), p90: at(0.9), runs };
}

export const spread = (t: Timing) => `p10–p90 ${t.p10.toFixed(2)}–${t.p90.toFixed(2)} ms over ${t.runs} runs`;
