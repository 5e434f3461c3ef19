/**
 * Serialises commits to the same branch within one process. Writers on other hosts still race
 * and compare-and-swap settles it; inside a host, queueing avoids re-doing work that a lost race
 * throws away (20 writers racing redo ~n²/2 attempts). Create one per host and inject it.
 */
export class BranchQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // Forget the key once nothing is queued behind this task, so the map does not grow.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
