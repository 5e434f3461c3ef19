/**
 * A request Baton refuses because of what the client sent. Handlers throw it; `answer` turns it
 * into a short 4xx. Messages say what was wrong and never echo secrets or payload content.
 */
export type RejectionStatus = 400 | 401 | 404 | 405 | 413 | 415;

export class Rejection extends Error {
  constructor(
    readonly status: RejectionStatus,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "Rejection";
  }
}

/** The door is not configured on this server: not the client's fault, so not a 4xx. */
export class DoorNotConfigured extends Error {
  constructor(readonly setting: string) {
    super(`this endpoint is not configured: ${setting} is not set`);
    this.name = "DoorNotConfigured";
  }
}
