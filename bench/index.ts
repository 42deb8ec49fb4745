import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './support';

/**
 * `npm run bench`: runs every `bench/*.bench.ts` (each exports `run(): Promise<BenchRow[]>`), prints
 * one table and writes `bench/results/latest.json`. Benchmarks are reported, never asserted.
 */
const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
const rows: (BenchRow & { bench: string })[] = [];

for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()) {
  if (only && !file.includes(only)) continue;
  const bench = file.replace(/\.bench\.ts$/, '');
  const module = (await import(`./${file}`)) as { run(): Promise<BenchRow[]> };
  for (const row of await module.run()) rows.push({ bench, ...row });
}

const width = Math.max(...rows.map((r) => r.name.length), 10);
console.log(`\n${'benchmark'.padEnd(width)}  ${'median'.padStart(11)}  notes`);
for (const row of rows) console.log(`${row.name.padEnd(width)}  ${(row.ms === null ? '—' : `${row.ms.toFixed(2)} ms`).padStart(11)}  ${row.note}`);

mkdirSync(`${dir}results`, { recursive: true });
writeFileSync(`${dir}results/latest.json`, JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 2));
console.log(`\nwritten: bench/results/latest.json`);
