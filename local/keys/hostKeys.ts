/**
 * The host's own keys, as the Functions host keeps them: a master key and one system key per
 * extension (`durabletask_extension`, `eventgrid_extension`). On Azure every `/runtime/*` call needs
 * one of them; so does it here. They are generated at first start and kept in the data directory
 * (`host-keys.json`, readable by the owner only), so a restart keeps the same keys.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const SYSTEM_KEY_NAMES = ["durabletask_extension", "eventgrid_extension"] as const;
export type SystemKeyName = (typeof SYSTEM_KEY_NAMES)[number];

export interface HostKeys {
  file: string;
  master: string;
  system: Record<SystemKeyName, string>;
}

interface KeyFile {
  masterKey?: { value?: unknown };
  systemKeys?: { name?: unknown; value?: unknown }[];
}

export const HOST_KEYS_FILE = "host-keys.json";

/** Reads the keys kept in `dataDir`, creating any that are missing. */
export function loadHostKeys(dataDir: string): HostKeys {
  const file = join(dataDir, HOST_KEYS_FILE);
  let stored: KeyFile = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, "utf8")) as KeyFile;
    } catch (error) {
      // Never quote the file: it holds keys.
      throw new Error(`${file} is not valid JSON; delete it to generate new host keys.`, { cause: error });
    }
  }
  const value = (v: unknown): string | undefined => (typeof v === "string" && v.length >= 32 ? v : undefined);
  const master = value(stored.masterKey?.value) ?? newKey();
  const system = {} as Record<SystemKeyName, string>;
  for (const name of SYSTEM_KEY_NAMES) {
    system[name] = value(stored.systemKeys?.find((k) => k.name === name)?.value) ?? newKey();
  }
  const json: KeyFile = { masterKey: { value: master }, systemKeys: SYSTEM_KEY_NAMES.map((name) => ({ name, value: system[name] })) };
  const text = `${JSON.stringify(json, null, 2)}\n`;
  if (!existsSync(file) || readFileSync(file, "utf8") !== text) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, text, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return { file, master, system };
}

/** 40 random bytes, base64url: the strength of the keys the Functions host generates. */
function newKey(): string {
  return randomBytes(40).toString("base64url");
}

/** Which system key a `/runtime/*` path accepts besides the master key (lower-case path). */
export function systemKeyFor(lowerPath: string): SystemKeyName | undefined {
  if (lowerPath === "/runtime/webhooks/durabletask" || lowerPath.startsWith("/runtime/webhooks/durabletask/")) return "durabletask_extension";
  if (lowerPath === "/runtime/webhooks/eventgrid" || lowerPath.startsWith("/runtime/webhooks/eventgrid/")) return "eventgrid_extension";
  return undefined;
}

/**
 * Whether the request carries a key this path accepts, as `x-functions-key` or `?code=` (the two
 * forms the Functions host accepts for system keys). Compared in constant time.
 */
export function presentsHostKey(keys: HostKeys, lowerPath: string, header: string | string[] | undefined, url: URL): boolean {
  const presented = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("code") ?? "";
  if (presented.length === 0) return false;
  const name = systemKeyFor(lowerPath);
  const accepted = [keys.master, ...(name ? [keys.system[name]] : [])];
  return accepted.map((k) => sameKey(presented, k)).includes(true);
}

/** Whether the request carries the master key (the admin API accepts no other key). */
export function presentsMasterKey(keys: HostKeys, header: string | string[] | undefined, url: URL): boolean {
  const presented = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get("code") ?? "";
  return presented.length > 0 && sameKey(presented, keys.master);
}

function sameKey(a: string, b: string): boolean {
  // Digests first: equal lengths for timingSafeEqual, and no length leak.
  const da = createHash("sha256").update(a).digest();
  const db = createHash("sha256").update(b).digest();
  return timingSafeEqual(da, db);
}
