import type { HttpRequest } from "@azure/functions";
import { parseJsonBody } from "../../ingest/http/parseJson.js";
import { readRawBody } from "../../ingest/http/rawBody.js";
import { requireContentType } from "../../ingest/http/requestChecks.js";

/**
 * The JSON body of an ops call (415 not JSON, 413 too large, 400 bad JSON), or undefined when
 * `optional` and the request carries none (a DELETE with the reason in the query).
 */
export async function readJsonBody(request: HttpRequest, maxBytes: number, options: { optional?: boolean } = {}): Promise<unknown> {
  if (options.optional && (request.body === null || request.headers.get("content-length") === "0")) return undefined;
  requireContentType(request, ["application/json"]);
  return parseJsonBody(await readRawBody(request, maxBytes));
}
