import { createAppAuth } from "@octokit/auth-app";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";

/** How Baton authenticates to GitHub: an App installation (preferred) or a token. */
export type GitHubAuth =
  | { kind: "app"; appId: number; privateKey: string; installationId: number }
  | { kind: "token"; token: string };

export interface GitHubClientConfig {
  auth: GitHubAuth;
  /** `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
  baseUrl?: string;
  /** How often a rate-limited request is retried before the failure reaches the writer. */
  rateLimitRetries?: number;
  /** How often plugin-retry repeats a 5xx or network failure (with its own backoff); default 3. */
  serverErrorRetries?: number;
  /**
   * Client-side write pacing (plugin-throttling spaces writes 1 s apart, as GitHub asks of
   * integrations). Only a local fake server may turn it off.
   */
  throttle?: boolean;
}

export interface GitHubClientDeps {
  fetch?: typeof fetch;
  /** Receives rate-limit notices; never given the token. */
  log?: (message: string) => void;
}

export const BatonOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof BatonOctokit>;

/** Builds the Octokit client the GitHub writer receives: auth, retries of 5xx, rate-limit handling. */
export function createGitHubClient(config: GitHubClientConfig, deps: GitHubClientDeps = {}): GitHubClient {
  const retries = config.rateLimitRetries ?? 2;
  const onLimit = (kind: string) => (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number): boolean => {
    deps.log?.(`GitHub ${kind} rate limit on ${options.method ?? ""} ${options.url ?? ""}; retry ${retryCount + 1} after ${retryAfter}s`);
    return retryCount < retries;
  };
  const auth =
    config.auth.kind === "app"
      ? { authStrategy: createAppAuth, auth: { appId: config.auth.appId, privateKey: config.auth.privateKey, installationId: config.auth.installationId } }
      : { auth: config.auth.token };
  return new BatonOctokit({
    ...auth,
    baseUrl: config.baseUrl ?? "https://api.github.com",
    userAgent: "baton-gitops",
    request: deps.fetch ? { fetch: deps.fetch } : {},
    retry: { retries: config.serverErrorRetries ?? 3 },
    // Lost compare-and-swaps answer 422 by design: failures reach callers as typed errors, not logs.
    log: { debug: () => undefined, info: () => undefined, warn: (message: string) => deps.log?.(message), error: () => undefined },
    throttle: config.throttle === false ? { enabled: false } : { onRateLimit: onLimit("primary"), onSecondaryRateLimit: onLimit("secondary") },
  });
}
