/**
 * What GitHub needs: the webhook (where, which events, which secret) and, when Baton works through
 * a GitHub App, the permissions its calls require. Each permission names the calls that need it
 * (shared/gitops/github, shared/gates/workflow), so the list can be held against the code.
 */
export interface GitHubSetup {
  webhook: { url: string; contentType: "json"; events: string[]; secret: string };
  app: { repositoryPermissions: Record<string, "read" | "write">; events: string[]; why: Record<string, string> };
}

/** Webhook events Baton handles (shared/ingest: GitHub door). */
export const GITHUB_EVENTS = ["registry_package", "package", "workflow_run", "pull_request"];

export const GITHUB_APP_PERMISSIONS: Record<string, { level: "read" | "write"; why: string }> = {
  contents: { level: "write", why: "read the pipelines file and GitOps files; commit image bumps (git blobs, trees, commits, refs; compare)" },
  pull_requests: { level: "write", why: "pull-request mode: open, read and label pull requests; enable auto-merge" },
  actions: { level: "write", why: "workflow gates: dispatch a workflow, read its runs" },
  packages: { level: "read", why: "receive registry_package events (GHCR pushes)" },
  metadata: { level: "read", why: "always required by GitHub" },
};

export function githubSetup(batonUrl: string, vaultName: string): GitHubSetup {
  const base = batonUrl.replace(/\/+$/, "");
  return {
    webhook: {
      url: `${base}/api/ingest/github`,
      contentType: "json",
      events: GITHUB_EVENTS,
      secret: `az keyvault secret show --vault-name ${vaultName} -n github-webhook-secret --query value -o tsv`,
    },
    app: {
      repositoryPermissions: Object.fromEntries(Object.entries(GITHUB_APP_PERMISSIONS).map(([k, v]) => [k, v.level])),
      events: GITHUB_EVENTS,
      why: Object.fromEntries(Object.entries(GITHUB_APP_PERMISSIONS).map(([k, v]) => [k, v.why])),
    },
  };
}
