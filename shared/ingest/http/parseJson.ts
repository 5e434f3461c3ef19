import type { RawBody } from "./rawBody.js";
import { Rejection } from "./rejection.js";

// Fatal: invalid UTF-8 is refused in the same pass that decodes. The BOM is kept, so a body that
// starts with one fails as JSON (RFC 8259 forbids it) instead of being silently accepted.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** JSON.parse of an already verified body; bad encoding or syntax is the sender's, so a 400. */
export function parseJsonBody(body: RawBody): unknown {
  let text: string;
  try {
    text = utf8.decode(body.bytes);
  } catch {
    throw new Rejection(400, "body is not valid UTF-8");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Rejection(400, "body is not valid JSON");
  }
}
