/**
 * Flux revision strings, in every form a source may report (protocols.md 3.1 and 4.1):
 * `main@sha1:<40 hex>`, `refs/heads/main@sha1:…`, `v1.2@sha1:…` (fluxcd/pkg git), the pre-Flux-2.0
 * `main/<sha>` (still in ARM's `sourceSyncedCommitId` examples), a bare sha, and OCI
 * `<tag>@sha256:<digest>`. A git SHA-256 repository also yields `<ref>@sha256:<64 hex>`, which
 * cannot be told from an OCI digest by its syntax, so both parse to the same shape and only a
 * comparison with the promoted commit gives it meaning.
 */
export interface FluxRevision {
  raw: string;
  /** Branch, tag or ref the source tracks; absent for a bare sha. */
  ref?: string;
  /** `sha1` for git commits; `sha256` for SHA-256 git or an OCI digest. */
  algorithm: string;
  /** Lower-case hex: the commit sha for git sources, the artifact digest for OCI. */
  hash: string;
}

const digestForm = /^(?:(.+)@)?(sha1|sha256|sha384|sha512):([0-9a-fA-F]+)$/;
const legacyForm = /^(.+)\/([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/;
const bareSha = /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/;

/** The revision's parts, or undefined when the string is none of the known forms. */
export function parseRevision(raw: string): FluxRevision | undefined {
  const text = raw.trim();
  const digest = digestForm.exec(text);
  if (digest?.[2] && digest[3]) {
    return withRef({ raw, algorithm: digest[2], hash: digest[3].toLowerCase() }, digest[1]);
  }
  const legacy = legacyForm.exec(text);
  if (legacy?.[1] && legacy[2]) return withRef({ raw, algorithm: algorithmOf(legacy[2]), hash: legacy[2].toLowerCase() }, legacy[1]);
  if (bareSha.test(text)) return { raw, algorithm: algorithmOf(text), hash: text.toLowerCase() };
  return undefined;
}

/** The commit a revision points at, for comparison with a promoted commit. */
export function commitOf(raw: string): string | undefined {
  return parseRevision(raw)?.hash;
}

/** Whether a revision names exactly this commit (case-insensitive; full shas only). */
export function isAtCommit(raw: string, commit: string): boolean {
  const hash = commitOf(raw);
  return hash !== undefined && hash === commit.trim().toLowerCase();
}

function withRef(revision: FluxRevision, ref: string | undefined): FluxRevision {
  return ref ? { ...revision, ref } : revision;
}

function algorithmOf(hex: string): string {
  return hex.length === 64 ? "sha256" : "sha1";
}
