#!/usr/bin/env node
// `npm test`: everything that must pass. Jobs start as soon as what they need is there:
//
//   types   tsc --noEmit                                         (at once)
//   build   zip for Chrome and Firefox, then `web-ext lint`      (at once)
//   tools   Chromium, Firefox ESR and oathtool installed         (at once)
//   core    the unit and sandbox files, with coverage            (after tools: oathtool)
//   alone   browser files that must not share the machine with   (after build and tools)
//           another browser (vitest.config.ts, `e2e-alone`)
//   browser the other browser files, two at a time, longest      (after all of the above passed)
//           first  ·  alarm: the real-alarm test beside them
//
// Each job's lines are prefixed with its name. The last line adds up the `tests:` lines of the four
// vitest runs (test/support/summary-reporter.ts); the run fails if any job fails or does not run.
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

const done = [];
/** A job's result, kept for the summary; a failure is said at once. */
const track = (promise) =>
  promise.then((result) => {
    done.push(result);
    if (result.code !== 0) process.stdout.write(`\n${result.name}: failed (exit ${result.code})\n`);
    return result;
  });
const passed = (...results) => results.every((r) => r && r.code === 0);
const vitest = (name, args) => track(job(name, npx, ['vitest', 'run', ...args]));

const types = track(job('types', npx, ['tsc', '--noEmit']));
const build = track(
  chain('build', [
    [npx, ['wxt', 'zip']],
    [npx, ['wxt', 'zip', '-b', 'firefox']],
    [npx, ['web-ext', 'lint', '--source-dir', '.output/firefox-mv3', '--no-config-discovery']],
  ]),
);
const tools = track(job('tools', process.execPath, ['scripts/ensure-test-tools.mjs']));
const core = tools.then((t) => (passed(t) ? vitest('core', ['--coverage', '--project', 'unit', '--project', 'unit-dom', '--project', 'sandbox']) : null));
const alone = Promise.all([build, tools]).then((ready) => (passed(...ready) ? vitest('alone', ['--project', 'e2e-alone']) : null));
if (passed(...(await Promise.all([types, build, tools, core, alone])))) {
  await Promise.all([vitest('browser', ['--maxWorkers=2', '--project', 'e2e']), vitest('alarm', ['--project', 'e2e-alarm'])]);
}

const runs = done.filter((r) => ['core', 'alone', 'browser', 'alarm'].includes(r.name));
let passedTests = 0;
let failedTests = 0;
for (const { lines } of runs) {
  const summary = lines.map((l) => /^tests: (\d+) passed, (\d+) failed/.exec(l)).findLast(Boolean);
  if (!summary) failedTests++; // a run that printed no count did not finish: never read it as clean
  else {
    passedTests += Number(summary[1]);
    failedTests += Number(summary[2]);
  }
}
process.stdout.write(`\ntests: ${passedTests} passed, ${failedTests} failed\n`);
process.exit(runs.length === 4 && done.every((r) => r.code === 0) && failedTests === 0 ? 0 : 1);
