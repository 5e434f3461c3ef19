/**
 * The Durable Task Scheduler refuses orchestration inputs, outputs, events and custom status over
 * 1 MB (the Azure Storage provider moves big ones to blobs, which is slow). Baton's payloads are
 * small by design; the one that grows with user input, the pinned pipeline, is checked here so a
 * huge pipelines file fails the promotion with a clear message instead of deep in the backend.
 */
export const MAX_DURABLE_PAYLOAD_BYTES = 1024 * 1024;

/** Size of a value as the durable backend stores it (JSON, UTF-8). */
export function durablePayloadBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
}

export class PayloadTooLargeError extends Error {
  constructor(
    readonly what: string,
    readonly bytes: number,
  ) {
    super(`${what} is ${bytes} bytes as JSON, over the durable backend's limit of ${MAX_DURABLE_PAYLOAD_BYTES} bytes: make it smaller`);
    this.name = "PayloadTooLargeError";
  }
}

/** Throws PayloadTooLargeError when `value` would not fit in one durable payload (with headroom for the envelope). */
export function assertDurablePayload<T>(value: T, what: string, limit = MAX_DURABLE_PAYLOAD_BYTES - 64 * 1024): T {
  const bytes = durablePayloadBytes(value);
  if (bytes > limit) throw new PayloadTooLargeError(what, bytes);
  return value;
}
