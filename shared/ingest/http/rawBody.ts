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
  const bytes = await readLimited(request.body, maxBytes);
  if (bytes.byteLength === 0) throw new Rejection(400, "empty body");
  return { bytes };
}

async function readLimited(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const only = chunks.length === 1 ? chunks[0]! : undefined;
  return only ? Buffer.from(only.buffer, only.byteOffset, only.byteLength) : Buffer.concat(chunks, length);
}

function tooLarge(maxBytes: number): Rejection {
  return new Rejection(413, `body larger than ${maxBytes} bytes`);
}
