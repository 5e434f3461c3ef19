/**
 * Combines concurrent commits to one branch: requests that arrive while a batch is being pushed
 * wait, then go together in the next batch (one fetch at most, one push). Each request still gets
 * its own commit, with its own message and trailers, chained one after another; the batch's push
 * moves the branch from the old head to the last of them in one compare-and-swap.
 */
export interface Pending<Req, Res> {
  request: Req;
  resolve: (result: Res) => void;
  reject: (error: unknown) => void;
}

export class BranchBatcher<Req, Res> {
  private readonly pending = new Map<string, Pending<Req, Res>[]>();
  private readonly running = new Set<string>();

  constructor(private readonly runBatch: (key: string, batch: Pending<Req, Res>[]) => Promise<void>) {}

  submit(key: string, request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      const queue = this.pending.get(key) ?? [];
      queue.push({ request, resolve, reject });
      this.pending.set(key, queue);
      if (!this.running.has(key)) void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    this.running.add(key);
    try {
      for (let batch = this.take(key); batch.length > 0; batch = this.take(key)) {
        try {
          await this.runBatch(key, batch);
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.running.delete(key);
    }
  }

  private take(key: string): Pending<Req, Res>[] {
    const batch = this.pending.get(key) ?? [];
    this.pending.delete(key);
    return batch;
  }
}
