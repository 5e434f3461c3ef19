/**
 * Timeline entries a promotion records about itself (riding along with its activities, orchestrations/flow.ts).
 * `entryId` makes an append idempotent: a retried activity never writes an entry twice.
 */
export type TimelineEntry =
  | {
      kind: "promotion.started";
      pipeline: string;
      image: string;
      digest: string;
      by: string;
      configOrigin: string;
      tag?: string;
      publishedAt?: string;
      /** A bundle's images, `member=registry/repository:tag@digest` (docs/bundles.md). */
      bundle?: string[];
    }
  | { kind: "stage.started"; stage: string }
  | { kind: "hold.waiting"; stage: string; holds: { scope: string; by: string; reason: string }[] }
  | { kind: "hold.released"; stage: string }
  | { kind: "commit"; stage: string; commit: string; changed: boolean; repository: string; changes: { file: string; where: string; from?: string; to: string }[] }
  | { kind: "pull-request"; stage: string; number: number; url: string }
  | { kind: "flux.observed"; stage: string; object: string; revision: string; outcome: string; via: string }
  | { kind: "gate.result"; stage: string; gate: string; outcome: "passed" | "failed" | "skipped"; detail: string }
  | { kind: "ops.command"; stage?: string; command: string; actor: string; reason: string }
  | { kind: "approval.vote"; stage: string; voter: string; decision: string; reason?: string }
  | { kind: "rollback"; stage: string; commit: string }
  | { kind: "stage.finished"; stage: string; outcome: string; detail?: string }
  | { kind: "promotion.finished"; outcome: string; reason?: string };

export interface TimelineInput {
  promotionId: string;
  /** Unique within the promotion and stable across replays/retries: e.g. `dev/commit`. */
  entryId: string;
  /** When it happened, from the orchestration clock (ISO). */
  at: string;
  entry: TimelineEntry;
}
