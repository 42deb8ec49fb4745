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

/**
 * One {@link serialQueue} per key (an entry id, a storage area), made on first use and dropped
 * when its last task has settled, so the map holds only keys with work under way.
 */
export function keyedSerialQueue<K>(): <T>(key: K, task: () => Promise<T>) => Promise<T> {
  const queues = new Map<K, { run: ReturnType<typeof serialQueue>; pending: number }>();
  return <T>(key: K, task: () => Promise<T>): Promise<T> => {
    const queue = queues.get(key) ?? { run: serialQueue(), pending: 0 };
    queues.set(key, queue);
    queue.pending++;
    const done = () => {
      if (--queue.pending === 0 && queues.get(key) === queue) queues.delete(key);
    };
    const run = queue.run(task);
    run.then(done, done);
    return run;
  };
}
