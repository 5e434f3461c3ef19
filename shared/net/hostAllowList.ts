/**
 * The hosts a pipelines file may send Baton to (BATON_ALLOWED_HOSTS): exact names, IP literals,
 * and `*.suffix` for any name under a domain (not the domain itself). Names compare without case
 * and without a trailing dot, so `GitHub.com.` cannot slip past `github.com`.
 */
import { stripBrackets } from "./addresses.js";

export class HostAllowList {
  readonly #exact: ReadonlySet<string>;
  readonly #suffixes: readonly string[];

  constructor(readonly entries: readonly string[]) {
    this.#exact = new Set(entries.filter((e) => !e.startsWith("*.")).map(normalHost));
    this.#suffixes = entries.filter((e) => e.startsWith("*.")).map((e) => `.${normalHost(e.slice(2))}`);
  }

  allows(host: string): boolean {
    const name = normalHost(host);
    return this.#exact.has(name) || this.#suffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length);
  }

  /** For messages: what the operator allowed (names only, never secret). */
  describe(): string {
    return this.entries.length === 0 ? "BATON_ALLOWED_HOSTS is not set, so no host is allowed" : `BATON_ALLOWED_HOSTS allows ${this.entries.join(", ")}`;
  }
}

export function normalHost(host: string): string {
  return stripBrackets(host.trim().toLowerCase()).replace(/\.$/, "");
}

/** Why an allow-list entry is unusable, or undefined. */
export function hostEntryProblem(entry: string): string | undefined {
  const name = entry.startsWith("*.") ? entry.slice(2) : entry;
  if (/^\[?[0-9a-f:.]+\]?$/i.test(name) && !entry.startsWith("*.")) return undefined;
  return /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i.test(name)
    ? undefined
    : `"${entry}" is not a host name, an IP address or *.domain`;
}
