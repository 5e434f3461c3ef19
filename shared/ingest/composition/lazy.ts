/**
 * Builds a value on first use and keeps it. A failed build is forgotten, so a dependency that was
 * down (storage not started yet) is retried on the next request instead of failing forever.
 */
export function lazy<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= build().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
