import type { HttpRequest } from "@azure/functions";
import { Rejection } from "./rejection.js";

export interface RawBody {
  /** Exactly the bytes the sender signed. */
  bytes: Buffer;
  /**
   * The same bytes decoded as UTF-8, a BOM kept, so re-encoding gives the signed bytes back.
   * Decoded leniently: invalid UTF-8 must fail the signature check (401), not pre-empt it; the
   * JSON step rejects it afterwards.
   */
  text: string;
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/**
 * Reads the body once, as bytes, refusing it before reading when Content-Length already says it
 * is too big. Signatures are checked on these bytes; nothing is ever re-serialised.
 */
export async function readRawBody(request: HttpRequest, maxBytes: number): Promise<RawBody> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  if (bytes.byteLength === 0) throw new Rejection(400, "empty body");
  return { bytes, text: utf8.decode(bytes) };
}

function tooLarge(maxBytes: number): Rejection {
  return new Rejection(413, `body larger than ${maxBytes} bytes`);
}
