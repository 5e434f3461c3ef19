/**
 * Serves the built dashboard (infra/buildDashboard.mjs) from the first folder that has it. The
 * page holds no data and no secret: everything it shows comes from the ops API, which
 * authenticates every call. A strict Content-Security-Policy keeps it to its own files.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { HttpRequest, HttpResponseInit } from "@azure/functions";

const ASSETS: Record<string, string> = {
  "index.html": "text/html; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "app.css": "text/css; charset=utf-8",
};

const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
};

export function dashboardDoor(candidates: readonly string[]) {
  const folder = () => candidates.find((dir) => existsSync(join(dir, "index.html")));
  return async (request: HttpRequest): Promise<HttpResponseInit> => {
    if (request.method !== "GET" && request.method !== "HEAD") return { status: 405, headers: { allow: "GET, HEAD" } };
    const asset = request.params["asset"] ?? "";
    // Relative asset URLs need the trailing slash: /api/dashboard -> /api/dashboard/.
    const path = new URL(request.url).pathname;
    if (asset === "" && !path.endsWith("/")) return { status: 308, headers: { location: `${path}/` } };
    const name = asset === "" ? "index.html" : asset;
    const type = ASSETS[name];
    if (!type) return { status: 404, headers: SECURITY_HEADERS, body: "not found" };
    const dir = folder();
    if (!dir) return { status: 503, headers: { "retry-after": "60" }, body: "the dashboard is not built: run npm run build" };
    return { status: 200, headers: { ...SECURITY_HEADERS, "content-type": type }, body: await readFile(join(dir, name)) };
  };
}
