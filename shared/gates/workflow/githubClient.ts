/** The Octokit client for a workflow gate's repository, authenticated per the gate's own auth. */
import type { WorkflowGate } from "../../durable/activityContracts.js";
import { BatonOctokit, createGitHubClient, type GitHubClient } from "../../gitops/github/client.js";
import { resolveRepositoryAuth } from "../../gitops/repositoryCredentials.js";
import type { WorkflowGateDeps } from "./deps.js";

export async function workflowClient(gate: WorkflowGate, deps: WorkflowGateDeps): Promise<GitHubClient> {
  const ref = { provider: "github" as const, repository: gate.repository, branch: gate.ref, auth: gate.auth, ...(gate.apiUrl ? { apiUrl: gate.apiUrl } : {}) };
  const resolved = await resolveRepositoryAuth(ref, deps.secrets);
  const baseUrl = gate.apiUrl ?? "https://api.github.com";
  // No retries inside the activity: a failure becomes `errored` and the orchestrator's durable
  // timer is the retry, so a worker never sleeps through GitHub's backoff.
  if (resolved.provider === "github" && resolved.auth) {
    return createGitHubClient({ auth: resolved.auth, baseUrl, rateLimitRetries: 0, serverErrorRetries: 0, ...(deps.throttle === false ? { throttle: false } : {}) }, deps.fetch ? { fetch: deps.fetch } : {});
  }
  return new BatonOctokit({
    baseUrl,
    userAgent: "baton-gates",
    request: deps.fetch ? { fetch: deps.fetch } : {},
    retry: { enabled: false },
    throttle: { enabled: false },
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
}

export function ownerAndName(gate: WorkflowGate): { owner: string; repo: string } {
  const [owner = "", repo = ""] = gate.repository.split("/");
  return { owner, repo };
}
