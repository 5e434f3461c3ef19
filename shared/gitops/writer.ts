import type { PromotionContext } from "./commitMessage.js";
import type { FieldChange, ImageEdit } from "./edit.js";
import type { ObservedImage } from "./imageRef.js";

/** One promotion commit: every edit lands in a single commit on `branch`, or none does. */
export interface CommitRequest {
  branch: string;
  edits: ImageEdit[];
  context: PromotionContext;
}

/**
 * `unchanged` is success: the target values were already there (a retried activity, or someone
 * committed the same change by hand), and `commit` is the head that already holds them.
 */
export type CommitResult =
  /** `before`: per edit, what its file held at `parent` (shared/gitops/applyEdits.ts). */
  | { status: "committed"; commit: string; parent: string; changes: FieldChange[]; before: (ObservedImage | undefined)[]; attempts: number }
  | { status: "unchanged"; commit: string };

/** What a branch says about an image right now, and at which commit. */
export interface CurrentImage {
  commit: string;
  image: ObservedImage;
}

/** A GitOps repository Baton can change, whatever the server (GitHub API or smart HTTP). */
export interface GitWriter {
  /** Applies the edits with compare-and-swap on the branch; re-reads and re-applies on a lost race. */
  commit(request: CommitRequest): Promise<CommitResult>;
  /** The value a stage currently runs, read through the same edit description. */
  read(branch: string, edit: ImageEdit): Promise<CurrentImage>;
}

/** Who commits. The committer time comes from an injected clock so tests are reproducible. */
export interface CommitIdentity {
  name: string;
  email: string;
}
