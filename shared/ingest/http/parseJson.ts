import { isUtf8 } from "node:buffer";
import type { RawBody } from "./rawBody.js";
import { Rejection } from "./rejection.js";

/** JSON.parse of an already verified body; bad encoding or syntax is the sender's, so a 400. */
export function parseJsonBody(body: RawBody): unknown {
  if (!isUtf8(body.bytes)) throw new Rejection(400, "body is not valid UTF-8");
  try {
    return JSON.parse(body.text) as unknown;
  } catch {
    throw new Rejection(400, "body is not valid JSON");
  }
}
