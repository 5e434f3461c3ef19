/**
 * The ops API from the browser. Locally the ops key is entered once and kept in sessionStorage
 * (sent as x-functions-key, never in a URL); in Azure, App Service Authentication's session
 * cookie does it and no key is needed.
 */
const KEY = "baton.opsKey";

export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function opsKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setOpsKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const key = opsKey();
  if (key) headers["x-functions-key"] = key;
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, { method, headers, credentials: "same-origin", ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const said = typeof json === "object" && json !== null && "error" in json && typeof json.error === "string" ? json.error : `${res.status} ${res.statusText}`;
    throw new ApiRefusal(res.status, said);
  }
  return json as T;
}

export interface Me {
  actor: { id: string; name: string };
  roles: string[];
}
