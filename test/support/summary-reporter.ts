import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, `tests: N passed, N failed`, which CI reads as the run's count
 * (vitest's own summary is not in a format CI knows).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
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
