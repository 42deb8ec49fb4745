/** The wizard envelope of the seed: `code` 200 = another step follows, 202 = finished. */
export interface Envelope<T = unknown> {
  code: 200 | 202;
  data: T;
  done: boolean;
  uuid: string;
  workflow: string;
}

/** The seed's final workflow of every enable/disable procedure. */
export const TERMINATE_WORKFLOW = 'B2B\\TCA\\Wizards\\Workflow\\TerminateWorkflow';

export const envelope = <T>(code: 200 | 202, data: T, done: boolean, uuid: string, workflow: string): Envelope<T> => ({
  code,
  data,
  done,
  uuid,
  workflow,
});
