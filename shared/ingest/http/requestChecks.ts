import type { HttpRequest } from "@azure/functions";
import { Rejection } from "./rejection.js";

export function requireMethod(request: HttpRequest, allowed: readonly string[]): void {
  if (!allowed.includes(request.method.toUpperCase())) {
    throw new Rejection(405, `method ${request.method} not allowed; use ${allowed.join(" or ")}`, { Allow: allowed.join(", ") });
  }
}

/** The media type without parameters, lower case (`application/json; charset=utf-8` → `application/json`). */
export function mediaTypeOf(request: HttpRequest): string {
  const header = request.headers.get("content-type");
  if (header === null) return "";
  const semicolon = header.indexOf(";");
  return (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
}

export function requireContentType(request: HttpRequest, accepted: readonly string[]): string {
  const mediaType = mediaTypeOf(request);
  if (!accepted.includes(mediaType)) {
    throw new Rejection(415, `content type must be ${accepted.join(" or ")}, got ${mediaType || "none"}`);
  }
  return mediaType;
}

export function requireHeader(request: HttpRequest, name: string): string {
  const value = request.headers.get(name)?.trim();
  if (!value) throw new Rejection(400, `missing ${name} header`);
  return value;
}
