import type { HttpRequest } from "@azure/functions";
import { Rejection } from "./rejection.js";

export interface RawBody {
  /** Exactly the bytes the sender signed: signatures are checked on these, never on a decoding. */
  bytes: Buffer;
}

/**
 * Reads the body once, as bytes, refusing it before reading when Content-Length already says it
 * is too big and while reading as soon as it grows past the limit (an undeclared or lying length
 * never makes the door buffer more than the limit). Read chunk by chunk from the request's
 * stream: on Node 20, `arrayBuffer()` costs several times more for a webhook-sized body.
 */
export async function readRawBody(request: HttpRequest, maxBytes: number): Promise<RawBody> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const stream: ReadableStream<Uint8Array> | null = request.body;
  if (!stream) throw emptyBody();
  // One function, no helper awaited per chunk: every await and async call is garbage per request.
  const reader = stream.getReader();
  let first: Uint8Array | undefined;
  let more: Uint8Array[] | undefined;
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    if (!first) first = value;
    else (more ??= [first]).push(value);
  }
  if (length === 0) throw emptyBody();
  // A single chunk (a webhook body as the Functions worker hands it over) is used where it lies.
  const bytes = more ? Buffer.concat(more, length) : Buffer.from(first!.buffer, first!.byteOffset, first!.byteLength);
  return { bytes };
}

function emptyBody(): Rejection {
  return new Rejection(400, "empty body");
}

function tooLarge(maxBytes: number): Rejection {
  return new Rejection(413, `body larger than ${maxBytes} bytes`);
}
