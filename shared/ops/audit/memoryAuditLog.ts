import { targetKey, type AuditLog, type AuditRecord, type AuditTarget } from "./auditLog.js";

/** In-memory AuditLog for tests: same contract as the table adapter. */
export class MemoryAuditLog implements AuditLog {
  readonly #records = new Map<string, AuditRecord>();
  readonly #claims = new Set<string>();

  record(entry: AuditRecord): Promise<void> {
    this.#records.set(entry.id, structuredClone(entry));
    return Promise.resolve();
  }

  claim(key: string): Promise<boolean> {
    const first = !this.#claims.has(key);
    this.#claims.add(key);
    return Promise.resolve(first);
  }

  release(key: string): Promise<void> {
    this.#claims.delete(key);
    return Promise.resolve();
  }

  forTarget(target: AuditTarget): Promise<AuditRecord[]> {
    return Promise.resolve(this.sorted((r) => targetKey(r.target) === targetKey(target)));
  }

  between(from: Date, to: Date): Promise<AuditRecord[]> {
    return Promise.resolve(this.sorted((r) => Date.parse(r.at) >= from.getTime() && Date.parse(r.at) < to.getTime()));
  }

  private sorted(keep: (r: AuditRecord) => boolean): AuditRecord[] {
    return [...this.#records.values()]
      .filter(keep)
      .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))
      .map((r) => structuredClone(r));
  }
}
