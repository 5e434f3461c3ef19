/**
 * A request the ops API refuses because of what the caller sent or may do. It widens ingestion's
 * `Rejection` (which has no 403 or 409) for the ops doors; `opsAnswer` turns either into a short
 * 4xx. Messages never echo keys or tokens.
 */
export type RefusalStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415;

export class Refusal extends Error {
  constructor(
    readonly status: RefusalStatus,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "Refusal";
  }
}
