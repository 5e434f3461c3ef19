import { isAscii } from "node:buffer";
import type { RawBody } from "./rawBody.js";
import { Rejection } from "./rejection.js";

// Fatal: invalid UTF-8 is refused in the same pass that decodes. The BOM is kept, so a body that
// starts with one fails as JSON (RFC 8259 forbids it) instead of being silently accepted.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** JSON.parse of an already verified body; bad encoding or syntax is the sender's, so a 400. */
export function parseJsonBody(body: RawBody): unknown {
  return parseJsonText(decodeUtf8(body.bytes));
}

/**
 * The body as text. Webhook bodies are nearly always pure ASCII (JSON escapes the rest), and for
 * ASCII bytes Latin-1 is the same decoding at about half the cost of the UTF-8 decoder; anything
 * else (including a BOM) takes the strict UTF-8 path.
 */
function decodeUtf8(bytes: Buffer): string {
  if (isAscii(bytes)) return bytes.toString("latin1");
  try {
    return utf8.decode(bytes);
  } catch {
    throw new Rejection(400, "body is not valid UTF-8");
  }
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Rejection(400, "body is not valid JSON");
  }
}
