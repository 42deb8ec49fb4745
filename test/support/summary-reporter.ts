import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { clearTallies, readTallies } from '../e2e/support/hostile-tally';

/**
 * Ends the run with one plain line, `tests: N passed, N failed`, which CI reads as the run's count
 * (vitest's own summary is not in a format CI knows).
 */
export default class SummaryReporter implements Reporter {
  /** Whether this run has the browser line (scripts/test.mjs runs it beside the other projects, in a vitest of its own). */
  private browser = false;

  onInit(vitest: Vitest): void {
    this.browser = vitest.projects.some((project) => project.name === 'e2e');
    if (this.browser) clearTallies();
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    // The hostile-page suites' cases, added up over their files (test/e2e/support/hostile-tally.ts).
    const hostile = this.browser ? readTallies() : null;
    if (hostile) process.stdout.write(`\nhostile pages: ${hostile.cases} cases, ${hostile.fills} fills, ${hostile.saves} saves (${hostile.controls} positive controls filled the real field)\n`);
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    // A file that failed to load has no tests; count it as a failure so the line never reads clean.
    const failedModules = modules.filter((m) => m.state() === 'failed' && [...m.children.allTests()].length === 0).length;
    process.stdout.write(`\ntests: ${passed} passed, ${failed + failedModules} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  }
}
