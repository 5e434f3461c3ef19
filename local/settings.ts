/**
 * What `func start` reads besides the code: local.settings.json `Values` (into the process
 * environment; variables already set win, as with Core Tools) and host.json.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface HostJsonSettings {
  routePrefix: string;
  taskHub: string;
  maxConcurrentActivities: number;
  /** host.json `functionTimeout` in ms; undefined when unset or `-1` (no limit). */
  functionTimeoutMs: number | undefined;
}

export function readHostJson(appDir: string): HostJsonSettings {
  const file = join(appDir, "host.json");
  let json: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`${file} is not valid JSON.`, { cause: error });
    }
  }
  const extensions = asRecord(json.extensions);
  const http = asRecord(extensions.http);
  const durable = asRecord(extensions.durableTask);
  const routePrefix = typeof http.routePrefix === "string" ? http.routePrefix.replace(/^\/+|\/+$/g, "") : "api";
  const hubName = typeof durable.hubName === "string" && durable.hubName.length > 0 ? resolveSetting(durable.hubName) : "TestHubName";
  const max = typeof durable.maxConcurrentActivityFunctions === "number" ? durable.maxConcurrentActivityFunctions : 10;
  return { routePrefix, taskHub: hubName, maxConcurrentActivities: Math.max(1, max), functionTimeoutMs: functionTimeout(json.functionTimeout, file) };
}

/** `functionTimeout` is a TimeSpan (`hh:mm:ss` or `d.hh:mm:ss`); `-1` means unbounded. */
export function functionTimeout(value: unknown, file: string): number | undefined {
  if (value === undefined || value === null || value === "-1" || value === -1) return undefined;
  const m = typeof value === "string" ? /^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value.trim()) : null;
  if (!m) throw new Error(`${file}: functionTimeout must be a TimeSpan such as "00:05:00" (or -1), got ${JSON.stringify(value)}.`);
  const ms = ((Number(m[1] ?? 0) * 24 + Number(m[2])) * 60 + Number(m[3])) * 60_000 + Number(m[4]) * 1000;
  if (ms <= 0) throw new Error(`${file}: functionTimeout must be longer than zero.`);
  return ms;
}

/** Applies local.settings.json Values to `env` without overriding what is already set. */
export function applyLocalSettings(appDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const file = join(appDir, "local.settings.json");
  if (!existsSync(file)) return [];
  let json: { Values?: Record<string, unknown> };
  try {
    json = JSON.parse(readFileSync(file, "utf8")) as { Values?: Record<string, unknown> };
  } catch (error) {
    throw new Error(`${file} is not valid JSON.`, { cause: error });
  }
  const applied: string[] = [];
  for (const [key, value] of Object.entries(json.Values ?? {})) {
    if (env[key] === undefined && typeof value === "string") {
      env[key] = value;
      applied.push(key);
    }
  }
  return applied;
}

/** `%NAME%` in host.json means the app setting NAME, as on the real host. */
function resolveSetting(value: string, env: NodeJS.ProcessEnv = process.env): string {
  return value.replace(/%([^%]+)%/g, (_m, name: string) => env[name] ?? "");
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
}
