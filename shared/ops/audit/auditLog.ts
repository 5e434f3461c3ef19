/**
 * Append-only record of every mutating ops call and every human decision (architecture.md: all a
 * person can do leaves a record with identity, time and reason). Written before the action is
 * carried out, so nothing happens unrecorded; a refusal or failure is recorded as well.
 */
import type { Actor } from "../actor.js";

export type AuditTarget = { kind: "promotion"; promotionId: string } | { kind: "pipeline"; pipeline: string } | { kind: "global" };

export type AuditOutcome =
  /** Checked and about to be carried out. */
  | "accepted"
  /** Refused for the state of things (404, 409): nothing changed. */
  | "refused"
  /** The caller lacks the role: nothing changed. */
  | "denied"
  /** Accepted, but carrying it out failed (storage or Durable unavailable). */
  | "failed";

export interface AuditRecord {
  id: string;
  at: string;
  actor: Actor;
  /** What was asked: `promotion.start`, `promotion.pause`, `promotion.approve`, `hold.set`, … */
  action: string;
  target: AuditTarget;
  reason: string;
  outcome: AuditOutcome;
  /** Why it was refused or failed, or what it did (the instance a command went to). */
  detail?: string;
}

export interface AuditLog {
  /** Idempotent by `id`: recording the same record again changes nothing. */
  record(entry: AuditRecord): Promise<void>;
  /** Records about one promotion, one pipeline, or the global scope, oldest first. */
  forTarget(target: AuditTarget): Promise<AuditRecord[]>;
  /** Records with `from <= at < to`, oldest first. */
  between(from: Date, to: Date): Promise<AuditRecord[]>;
  /**
   * Claims a one-time key (a person's vote on a stage): true for the first caller only, across
   * every process (an insert that fails when the row exists), so two votes sent at the same moment
   * cannot both be accepted. `release` gives the key back when the claimed action could not be done.
   */
  claim(key: string): Promise<boolean>;
  release(key: string): Promise<void>;
}

export function targetKey(target: AuditTarget): string {
  switch (target.kind) {
    case "promotion":
      return `promotion:${target.promotionId}`;
    case "pipeline":
      return `pipeline:${target.pipeline}`;
    case "global":
      return "global";
  }
}
