/** Conversions between RPC typed data (the worker protocol) and what the host stores or serves. */
import type { RpcTypedData } from "./types.js";

/** Typed data for a value the host passes into a function binding. */
export function jsonTypedData(value: unknown): RpcTypedData | undefined {
  return value === undefined ? undefined : { json: JSON.stringify(value) };
}

/**
 * The JSON text a durable completion event carries for a function's return value
 * (TaskCompleted.Result). The library JSON.parses it, so a string result must stay a string.
 */
export function typedDataToJsonText(data: RpcTypedData | null | undefined): string {
  if (!data) return "null";
  if (data.json !== undefined && data.json !== null) return data.json;
  if (data.string !== undefined && data.string !== null) return JSON.stringify(data.string);
  if (data.int !== undefined && data.int !== null) return JSON.stringify(data.int);
  if (data.double !== undefined && data.double !== null) return JSON.stringify(data.double);
  const bytes = data.bytes ?? data.stream;
  if (bytes) return JSON.stringify(Buffer.from(bytes).toString("base64"));
  return "null";
}

/** Raw bytes of a typed-data HTTP body. */
export function typedDataToBuffer(data: RpcTypedData | null | undefined): Buffer {
  if (!data) return Buffer.alloc(0);
  const bytes = data.bytes ?? data.stream;
  if (bytes) return Buffer.from(bytes);
  if (typeof data.string === "string") return Buffer.from(data.string, "utf8");
  if (typeof data.json === "string") return Buffer.from(data.json, "utf8");
  if (typeof data.int === "number") return Buffer.from(String(data.int));
  if (typeof data.double === "number") return Buffer.from(String(data.double));
  return Buffer.alloc(0);
}
