/**
 * Typed GitOps failures. An activity maps `retryable` onto the step result contract
 * (style.md point 4): retryable -> errored(retryable), otherwise failed(terminal, reason).
 * Messages name files, paths and refs, never tokens or keys.
 */
export type GitOpsFailureKind =
  /** The file named by the edit does not exist on the branch. */
  | "file-missing"
  /** No key, image entry or marker matches the edit's target. */
  | "target-not-found"
  /** More than one place matches and Baton will not guess which one is meant. */
  | "ambiguous-target"
  /** The file does not parse as YAML, so no edit can be trusted. */
  | "invalid-yaml"
  /** The target exists but cannot be rewritten byte-exactly (alias, block scalar, collection). */
  | "unsupported-target"
  /** The edit itself is malformed (for example a tag form without a tag). */
  | "invalid-edit"
  /** Credentials were refused or lack a permission. */
  | "unauthorized"
  /** The repository or branch does not exist. */
  | "repository-not-found"
  /** Every compare-and-swap attempt lost a race; a later retry re-reads and tries again. */
  | "conflict"
  /** A pull request was closed without being merged. */
  | "pull-request-closed"
  /** Network failure, 5xx or rate limit: worth retrying. */
  | "transient";

const retryableKinds: ReadonlySet<GitOpsFailureKind> = new Set(["conflict", "transient"]);

export class GitOpsError extends Error {
  override readonly name = "GitOpsError";
  readonly retryable: boolean;

  constructor(
    readonly kind: GitOpsFailureKind,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = retryableKinds.has(kind);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** Hint from a rate limit response; undefined when the server gave none. */
  readonly retryAfterSeconds: number | undefined;
}

export function isGitOpsError(error: unknown): error is GitOpsError {
  return error instanceof GitOpsError;
}
