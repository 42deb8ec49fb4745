import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Vitest's own order, except that the file that waits a real idle minute (`e2e-alarm`) starts
 * first: it then runs beside the unit and sandbox files instead of after them (vitest.config.ts).
 */
export default class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const waits = (file: TestSpecification) => file.project.name === 'e2e-alarm';
    return [...sorted.filter(waits), ...sorted.filter((file) => !waits(file))];
  }
}
