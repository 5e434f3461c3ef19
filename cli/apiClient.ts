/** The ops API over HTTP: JSON in and out; a refusal becomes a CliError with the API's own words. */
import { CliError, type CliTarget } from "./credentials.js";

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  send<T>(method: "POST" | "PUT" | "DELETE", path: string, body: unknown): Promise<T>;
}

export function apiClient(target: CliTarget, fetchFn: typeof fetch = fetch): ApiClient {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: "application/json", ...(await target.headers()) };
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await fetchFn(`${target.url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (error) {
      throw new CliError(`cannot reach Baton at ${target.url}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
    }
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: report the status below
    }
    if (!res.ok) {
      const said = typeof json === "object" && json !== null && "error" in json && typeof json.error === "string" ? json.error : text.slice(0, 200) || res.statusText;
      const hint = res.status === 401 ? ` (authenticated with ${target.describe})` : "";
      throw new CliError(`${method} ${path}: ${res.status} ${said}${hint}`);
    }
    return json as T;
  };
  return { get: (path) => call("GET", path), send: (method, path, body) => call(method, path, body) };
}
