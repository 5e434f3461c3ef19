/**
 * The few Azure DevOps Git REST calls Baton needs (api-version 7.1): refs (find a branch head,
 * create a branch), pull requests (find, create, set auto-complete, read) and one file's text at a
 * branch head (the pipelines file). Every call goes
 * through the given `fetch` (the outbound guard in production) with the Authorization header from
 * `authorize`; failures become typed GitOps errors whose messages hold no credential.
 */
import { reposUrlParts } from "../../azureDevOps/reposUrl.js";
import { GitOpsError } from "../errors.js";
import type { AzureDevOpsAuthorization } from "./authorization.js";

export const API_VERSION = "7.1";

/** The git clone URL of a (canonical, decoded) Azure Repos URL, each path segment encoded again. */
export function reposCloneUrl(url: string): string {
  const parts = reposUrlParts(url);
  const organization = parts.organization.split("/").map(encodeURIComponent).join("/");
  return `${parts.origin}/${organization}/${encodeURIComponent(parts.project)}/_git/${encodeURIComponent(parts.repository)}`;
}
const ZERO_ID = "0000000000000000000000000000000000000000";

/** The parts of a `GitPullRequest` Baton reads. */
export interface AzurePullRequest {
  pullRequestId: number;
  status: "notSet" | "active" | "abandoned" | "completed" | "all";
  sourceRefName: string;
  targetRefName: string;
  createdBy?: { id?: string };
  lastMergeCommit?: { commitId?: string };
  mergeStatus?: string;
  mergeFailureMessage?: string;
}

/** The parts of a `GitItem` (Items - Get) Baton reads. */
export interface AzureItem {
  /** The commit the item was read at: the branch head when asked by branch. */
  commitId?: string;
  isFolder?: boolean;
  content?: string;
}

export interface CompletionOptions {
  mergeStrategy: "noFastForward" | "squash" | "rebase" | "rebaseMerge";
  deleteSourceBranch: boolean;
  mergeCommitMessage?: string;
}

export interface AzureReposApi {
  /** `where` for messages: the canonical repository URL (never credentials). */
  readonly where: string;
  /** The web page of a pull request, for people. */
  pullRequestUrl(id: number): string;
  /** The branch's head commit, or undefined when the branch does not exist. */
  branchHead(branch: string): Promise<string | undefined>;
  /** Creates `branch` at `commit`; false when it already existed (someone, or an earlier try, made it). */
  createBranch(branch: string, commit: string): Promise<boolean>;
  findActivePullRequest(source: string, target: string): Promise<AzurePullRequest | undefined>;
  createPullRequest(request: { source: string; target: string; title: string; description: string; labels: string[] }): Promise<AzurePullRequest>;
  setAutoComplete(id: number, setBy: string, options: CompletionOptions): Promise<AzurePullRequest>;
  getPullRequest(id: number): Promise<AzurePullRequest>;
  /**
   * One file with its content as it is at the branch head, and that head's commit (one request,
   * so text and commit belong together); undefined when the file (or the branch) is not there.
   */
  itemAtBranch(path: string, branch: string): Promise<AzureItem | undefined>;
}

export function createAzureReposApi(url: string, deps: { fetch: typeof fetch; authorize: AzureDevOpsAuthorization }): AzureReposApi {
  const parts = reposUrlParts(url);
  const segment = encodeURIComponent;
  const organizationPath = parts.organization.split("/").map(segment).join("/");
  const base = `${parts.origin}/${organizationPath}/${segment(parts.project)}`;
  const api = `${base}/_apis/git/repositories/${segment(parts.repository)}`;
  const where = `${parts.origin}/${parts.organization}/${parts.project}/_git/${parts.repository}`;

  async function call<T>(method: string, path: string, query: Record<string, string>, body: unknown, what: string): Promise<T> {
    const search = new URLSearchParams({ ...query, "api-version": API_VERSION });
    const headers: Record<string, string> = { accept: "application/json", authorization: await deps.authorize() };
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await deps.fetch(`${api}${path}?${search.toString()}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), redirect: "manual" });
    } catch (error) {
      throw new GitOpsError("transient", `${where} ${what}: network failure talking to Azure DevOps (${error instanceof Error ? error.message : String(error)}).`);
    }
    const text = await res.text();
    if (res.status === 203 || (res.status >= 300 && res.status < 400)) {
      // Azure DevOps answers an unauthenticated API call with a sign-in page (203 or a redirect).
      throw new GitOpsError("unauthorized", `${where} ${what}: Azure DevOps did not accept the credentials (HTTP ${res.status}, a sign-in page); check the token or the identity's access to the organization.`);
    }
    if (!res.ok) throw failure(res, serviceMessage(text), `${where} ${what}`);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new GitOpsError("transient", `${where} ${what}: Azure DevOps answered HTTP ${res.status} without JSON; will retry.`);
    }
  }

  return {
    where,
    pullRequestUrl: (id) => `${base}/_git/${segment(parts.repository)}/pullrequest/${id}`,
    async branchHead(branch) {
      const refs = await call<{ value: { name: string; objectId: string }[] }>("GET", "/refs", { filter: `heads/${branch}` }, undefined, `branch ${branch}`);
      // `filter` is a prefix match: heads/main also finds heads/main-old.
      return refs.value.find((r) => r.name === `refs/heads/${branch}`)?.objectId;
    },
    async createBranch(branch, commit) {
      const updates = [{ name: `refs/heads/${branch}`, oldObjectId: ZERO_ID, newObjectId: commit }];
      let result: { value: { name: string; success: boolean; updateStatus: string; customMessage?: string }[] };
      try {
        result = await call("POST", "/refs", {}, updates, `create branch ${branch}`);
      } catch (error) {
        if (error instanceof GitOpsError && error.kind === "conflict") return false;
        throw error;
      }
      const update = result.value[0];
      if (update?.success) return true;
      // The old id (none) is stale: the branch exists already.
      if (update?.updateStatus === "staleOldObjectId") return false;
      throw new GitOpsError("unauthorized", `${where}: Azure DevOps refused to create branch ${branch} (${update?.updateStatus ?? "no result"}${update?.customMessage ? `: ${update.customMessage}` : ""}); the identity needs Contribute and Create branch on the repository.`);
    },
    async findActivePullRequest(source, target) {
      const found = await call<{ value: AzurePullRequest[] }>(
        "GET",
        "/pullrequests",
        { "searchCriteria.sourceRefName": `refs/heads/${source}`, "searchCriteria.targetRefName": `refs/heads/${target}`, "searchCriteria.status": "active" },
        undefined,
        `pull requests from ${source}`,
      );
      return found.value[0];
    },
    createPullRequest(request) {
      return call<AzurePullRequest>(
        "POST",
        "/pullrequests",
        {},
        {
          sourceRefName: `refs/heads/${request.source}`,
          targetRefName: `refs/heads/${request.target}`,
          title: request.title,
          description: request.description,
          ...(request.labels.length ? { labels: request.labels.map((name) => ({ name })) } : {}),
        },
        `create pull request from ${request.source}`,
      );
    },
    setAutoComplete(id, setBy, options) {
      return call<AzurePullRequest>("PATCH", `/pullrequests/${id}`, {}, { autoCompleteSetBy: { id: setBy }, completionOptions: options }, `auto-complete pull request !${id}`);
    },
    getPullRequest(id) {
      return call<AzurePullRequest>("GET", `/pullrequests/${id}`, {}, undefined, `pull request !${id}`);
    },
    async itemAtBranch(path, branch) {
      const query = { path: `/${path}`, "versionDescriptor.version": branch, "versionDescriptor.versionType": "branch", includeContent: "true", $format: "json" };
      try {
        return await call<AzureItem>("GET", "/items", query, undefined, `${path} on branch ${branch}`);
      } catch (error) {
        if (error instanceof GitOpsError && error.kind === "repository-not-found") return undefined;
        throw error;
      }
    },
  };
}

/** The service's own explanation (`{ message, typeKey }`), which names no credential. */
function serviceMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    return typeof body.message === "string" ? body.message.slice(0, 300) : "";
  } catch {
    return "";
  }
}

function failure(res: Response, message: string, where: string): GitOpsError {
  const status = res.status;
  const said = message ? `: ${message}` : "";
  if (status === 401) return new GitOpsError("unauthorized", `${where}: Azure DevOps refused the credentials (HTTP 401); check the token (Code read & write) or the identity's access.`);
  if (status === 403) return new GitOpsError("unauthorized", `${where}: forbidden (HTTP 403${said}); the identity needs Contribute and Contribute to pull requests on the repository.`);
  if (status === 404) return new GitOpsError("repository-not-found", `${where}: not found (HTTP 404${said}); check organization, project, repository and branch.`);
  if (status === 409) return new GitOpsError("conflict", `${where}: conflict (HTTP 409${said}).`);
  if (status === 429 || status >= 500) {
    const retryAfter = Number(res.headers.get("retry-after") ?? Number.NaN);
    return new GitOpsError("transient", `${where}: Azure DevOps answered HTTP ${status}; will retry.`, Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : undefined);
  }
  return new GitOpsError("invalid-edit", `${where}: Azure DevOps refused the request (HTTP ${status}${said}).`);
}
