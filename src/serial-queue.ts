/**
 * Runs the tasks given to it one at a time, in call order; a failed task does not stop the next.
 * For the read-modify-writes of one storage entry within one context (a worker life, a page): two
 * interleaved would lose one of the writes.
 */
export function serialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let chain: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = chain.then(task, task);
    chain = run.catch(() => undefined);
    return run;
  };
}
