import { basename } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The browser files run two at a time; the run ends when the last one does. Started longest first,
 * they pack into about half their sum; in file-size order (vitest's own, on a clean clone with no
 * timings cached) a long file can start last and run alone. Seconds measured two at a time on the
 * 2-core machine, beside the unit files (`npm test`, December 2026); a file not listed counts as a
 * middling one. Only the order depends on this: a stale figure costs time, never a result.
 */
const SECONDS: Record<string, number> = {
  'hostile-pages.test.ts': 115,
  'a11y-settings.test.ts': 82,
  'faults.test.ts': 62,
  'capture-autofill.test.ts': 61,
  'a11y.test.ts': 45,
  'popup.test.ts': 40,
  'page-script-attacks.test.ts': 39,
  'languages.test.ts': 37,
  'security.test.ts': 33,
  'hostile-origins.test.ts': 25,
  'context-menu.test.ts': 21,
  'firefox.test.ts': 21,
  'accounts-backup.test.ts': 19,
  'guided-setup.test.ts': 18,
  'sandbox-ui.test.ts': 12,
  'extension.test.ts': 7,
};
const UNKNOWN_SECONDS = 30;

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const seconds = (file: TestSpecification) => (file.project.name === 'e2e' ? (SECONDS[basename(file.moduleId)] ?? UNKNOWN_SECONDS) : 0);
    // A stable sort: files of the other projects keep vitest's own order among themselves.
    return [...sorted].sort((a, b) => seconds(b) - seconds(a));
  }
}
