/**
 * The secrets a pipelines file may name (issue 10 point 1). The file lives in the GitOps
 * repository, so whoever can commit there chooses the names; without a scope they could name
 * BATON_OPS_KEYS as a git password and have Baton send it to their server. The operator declares
 * the set in BATON_PIPELINE_SECRETS (exact names and `PREFIX*`); Baton's own secrets stay out
 * even when a declared prefix would match them.
 *
 * Names compare in their Key Vault form (vaultSecretName: lower case, runs of other characters
 * as `-`): `github-webhook-secret` and `GITHUB_WEBHOOK_SECRET` are the same vault secret.
 */
import { vaultSecretName } from "./keyVaultSecrets.js";
import type { SecretSource } from "./secrets.js";

export class SecretScope {
  readonly #exact: ReadonlySet<string>;
  readonly #prefixes: readonly string[];
  readonly #reservedExact: ReadonlySet<string>;
  readonly #reservedPrefixes: readonly string[];

  constructor(
    /** As the operator wrote them: `GITOPS_TOKEN`, `PIPELINE_*`. */
    readonly declared: readonly string[],
    reserved: { names: readonly string[]; prefixes: readonly string[] },
  ) {
    this.#exact = new Set(declared.filter((d) => !d.endsWith("*")).map(vaultSecretName));
    this.#prefixes = declared.filter((d) => d.endsWith("*")).map((d) => vaultSecretName(d.slice(0, -1)));
    this.#reservedExact = new Set(reserved.names.map(vaultSecretName));
    this.#reservedPrefixes = reserved.prefixes.map(vaultSecretName);
  }

  /** Why a pipelines file may not name this secret, or undefined when it may. */
  refusal(name: string): string | undefined {
    const key = vaultSecretName(name);
    if (this.#reservedExact.has(key) || this.#reservedPrefixes.some((p) => key.startsWith(p))) {
      return `secret ${name} is one of Baton's own or the platform's secrets: a pipelines file may never name it; give the pipeline a secret of its own`;
    }
    if (this.#exact.has(key) || this.#prefixes.some((p) => p !== "" && key.startsWith(p))) return undefined;
    const set = this.declared.length === 0 ? "BATON_PIPELINE_SECRETS is not set, so pipelines may name no secrets" : `BATON_PIPELINE_SECRETS allows ${this.declared.join(", ")}`;
    return `secret ${name} is outside the set the operator declared for pipelines (${set})`;
  }
}

/** A pipelines file named a secret outside its scope; nothing was read. */
export class SecretOutOfScopeError extends Error {
  constructor(
    readonly secret: string,
    reason: string,
  ) {
    super(reason);
    this.name = "SecretOutOfScopeError";
  }
}

/**
 * The refusal's reason when `error` is one: a terminal outcome (retrying cannot change the
 * operator's scope), so activities answer it as a failed step instead of throwing it.
 */
export function secretRefusal(error: unknown): string | undefined {
  return error instanceof SecretOutOfScopeError ? error.message : undefined;
}

/**
 * The SecretSource pipeline-driven activities get: it refuses names outside the scope before
 * reading anything, so a pinned or hand-started promotion cannot reach past the load-time check.
 */
export function scopedSecrets(source: SecretSource, scope: SecretScope): SecretSource {
  const checked = (name: string, read: (name: string) => Promise<string | undefined>): Promise<string | undefined> => {
    const reason = scope.refusal(name);
    return reason ? Promise.reject(new SecretOutOfScopeError(name, reason)) : read(name);
  };
  return {
    get: (name) => checked(name, (n) => source.get(n)),
    refresh: (name) => checked(name, (n) => source.refresh(n)),
  };
}
