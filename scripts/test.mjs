#!/usr/bin/env node
// `npm test`: everything that must pass, in three stages; the jobs of a stage run at the same time.
//
//   1. type-check  ·  build and zip for Chrome and Firefox, then `web-ext lint` the Firefox build
//      ·  make sure Chromium, Firefox ESR and oathtool are installed
//   2. the unit and sandbox files, with coverage  ·  beside them, the browser files that must not
//      share the machine with another browser (vitest.config.ts, `e2e-alone`)
//   3. the browser tests (test/e2e), two files at a time, each with its own Chromium, profile and
//      sandbox  ·  beside them, the real-alarm test, which idles for a minute
//
// Each job's lines are prefixed with its name; the run stops at a failed stage. The last line adds
// up the `tests:` lines of the vitest runs (test/support/summary-reporter.ts).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** Runs one command, its output line by line under `name`; resolves with its exit code and its lines. */
function job(name, command, args) {
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } });
    const lines = [];
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        process.stdout.write(`[${name}] ${line}\n`);
      });
    }
    child.on('close', (code) => done({ name, code: code ?? 1, lines }));
    child.on('error', (error) => done({ name, code: 1, lines: [String(error)] }));
  });
}

/** Several commands one after the other under one name, stopping at the first failure. */
async function chain(name, steps) {
  const lines = [];
  for (const [command, args] of steps) {
    const result = await job(name, command, args);
    lines.push(...result.lines);
    if (result.code !== 0) return { name, code: result.code, lines };
  }
  return { name, code: 0, lines };
}

async function stage(jobs) {
  const results = await Promise.all(jobs);
  const failed = results.filter((r) => r.code !== 0);
  for (const r of failed) process.stdout.write(`\n${r.name}: failed (exit ${r.code})\n`);
  return { results, ok: failed.length === 0 };
}

const first = await stage([
  job('types', npx, ['tsc', '--noEmit']),
  chain('build', [
    [npx, ['wxt', 'zip']],
    [npx, ['wxt', 'zip', '-b', 'firefox']],
    [npx, ['web-ext', 'lint', '--source-dir', '.output/firefox-mv3', '--no-config-discovery']],
  ]),
  job('tools', process.execPath, ['scripts/ensure-test-tools.mjs']),
]);
if (!first.ok) process.exit(1);

const vitest = (name, args) => job(name, npx, ['vitest', 'run', ...args]);
const runs = [];
const core = await stage([vitest('core', ['--coverage', '--project', 'unit', '--project', 'unit-dom', '--project', 'sandbox']), vitest('alone', ['--project', 'e2e-alone'])]);
runs.push(...core.results);
if (core.ok) {
  const browser = await stage([vitest('browser', ['--maxWorkers=2', '--project', 'e2e']), vitest('alarm', ['--project', 'e2e-alarm'])]);
  runs.push(...browser.results);
}

let passed = 0;
let failedTests = 0;
for (const { lines } of runs) {
  const summary = lines.map((l) => /^tests: (\d+) passed, (\d+) failed/.exec(l)).findLast(Boolean);
  if (!summary) failedTests++; // a run that printed no count did not finish: never read it as clean
  else {
    passed += Number(summary[1]);
    failedTests += Number(summary[2]);
  }
}
process.stdout.write(`\ntests: ${passed} passed, ${failedTests} failed\n`);
process.exit(runs.length === 4 && runs.every((r) => r.code === 0) && failedTests === 0 ? 0 : 1);
