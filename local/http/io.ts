/** Small helpers for the host's own endpoints (node:http, no framework). */
import type { IncomingMessage, ServerResponse } from "node:http";

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limitBytes) throw new BodyTooLargeError(`Request body is larger than ${limitBytes} bytes.`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...(text ? { "Content-Type": "application/json; charset=utf-8" } : {}), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
}

/** Header values as one string each (repeated headers joined), lower-case names. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/**
 * Whether JSON text nests arrays and objects deeper than `max` (a linear scan, no parsing).
 * JSON.parse copes with any depth but JSON.stringify and most consumers recurse, so a deeply nested
 * body is refused up front; the Functions host's JSON reader stops at 64 levels too.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** The deepest nesting the host's own JSON endpoints accept. */
export const MAX_JSON_DEPTH = 64;

/**
 * The request target as a URL on `origin`. Origin-form targets are appended rather than resolved
 * (`//[` would otherwise be read as a host); absolute-form targets keep only path and query.
 * Undefined when the target is neither.
 */
export function requestUrl(target: string | undefined, origin: string): URL | undefined {
  const raw = target ?? "/";
  try {
    if (raw.startsWith("/")) return new URL(`${origin}${raw}`);
    const absolute = new URL(raw);
    return new URL(`${origin}${absolute.pathname}${absolute.search}`);
  } catch {
    return undefined;
  }
}
