import { basename } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The browser files run two at a time; the run ends when the last one does. Started longest first,
 * they pack into about half their sum; in file-size order (vitest's own, on a clean clone with no
 * timings cached) a long file can start last and run alone. Seconds measured two at a time on the
 * 2-core machine (`npm test`, December 2026); a file not listed counts as a middling one. Only the
 * order depends on this: a stale figure costs time, never a result.
 */
const SECONDS: Record<string, number> = {
  'hostile-pages.test.ts': 84,
  'a11y-settings.test.ts': 70,
  'capture-autofill.test.ts': 57,
  'faults.test.ts': 53,
  'a11y.test.ts': 46,
  'security.test.ts': 43,
  'page-script-attacks.test.ts': 39,
  'languages.test.ts': 30,
  'popup.test.ts': 29,
  'context-menu.test.ts': 18,
  'hostile-origins.test.ts': 21,
  'firefox.test.ts': 20,
  'accounts-backup.test.ts': 19,
  'sandbox-ui.test.ts': 17,
  'guided-setup.test.ts': 17,
  'extension.test.ts': 5,
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
