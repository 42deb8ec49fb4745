#!/usr/bin/env node
// `npm test`: everything that must pass. The machine has two cores, so every job starts as soon as
// what it needs is ready, rather than in stages that leave a core idle while the slowest job of a
// stage finishes:
//
//   at once:  type-check  ·  build and zip for Chrome and Firefox, then `web-ext lint` the Firefox
//             build  ·  make sure Chromium, Firefox ESR and oathtool are installed  ·  the unit and
//             sandbox files, with coverage (they need neither the build nor a browser); the
//             type-check and the unit files at a lower priority, so the builds come first
//   then, once the builds and the tools are there:  the browser tests (test/e2e), two files at a
//             time, longest first, each with its own Chromium, profile and sandbox  ·  beside them,
//             the real-alarm test, which idles for a minute
//
// Each job's lines are prefixed with its name. The last line adds up the `tests:` lines of the
// vitest runs (test/support/summary-reporter.ts); the exit code is 0 only if every job passed.
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

const vitest = (name, args) => job(name, npx, ['vitest', 'run', ...args]);

/**
 * A command at a lower CPU priority (`nice`; Linux and macOS; `TEST_NICE=0` turns it off): the
 * type-check and the unit files are not on the way to the end, the builds are (the browser files
 * wait for them). At an equal priority the three shared the two cores and the builds were done at
 * ~75 s; at nice 5, at ~52–61 s (alone they take ~20 s).
 */
const LATER = process.env.TEST_NICE ?? '5';
const background = (command, args) => (process.platform === 'win32' || LATER === '0' ? [command, args] : ['nice', ['-n', LATER, command, ...args]]);

const types = job('types', ...background(npx, ['tsc', '--noEmit']));
const core = job('core', ...background(npx, ['vitest', 'run', '--coverage', '--project', 'unit', '--project', 'unit-dom', '--project', 'unit-agent', '--project', 'sandbox']));
const ready = await Promise.all([
  chain('build', [
    [npx, ['wxt', 'zip']],
    [npx, ['wxt', 'zip', '-b', 'firefox']],
    [npx, ['web-ext', 'lint', '--source-dir', '.output/firefox-mv3', '--no-config-discovery']],
  ]),
  job('tools', process.execPath, ['scripts/ensure-test-tools.mjs']),
]);
const browser = ready.every((r) => r.code === 0) ? await Promise.all([vitest('browser', ['--maxWorkers=2', '--project', 'e2e']), vitest('alarm', ['--project', 'e2e-alarm'])]) : [];
const runs = [await core, ...browser];
const results = [await types, ...ready, ...runs];
for (const r of results.filter((r) => r.code !== 0)) process.stdout.write(`\n${r.name}: failed (exit ${r.code})\n`);

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
process.exit(runs.length === 3 && results.every((r) => r.code === 0) && failedTests === 0 ? 0 : 1);
