import type { FieldPath } from "./errors.js";
import type { RepositoryRef } from "./model.js";
import type { StageLayer } from "./stageSchema.js";
import { canonicalReposUrl } from "../../azureDevOps/reposUrl.js";
import { urlProblem } from "./urls.js";

type Report = (path: FieldPath, message: string) => void;

const OWNER_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const BRANCH = /^(?!\/)(?!.*\/\/)(?!.*\.\.)(?!.*\/$)[A-Za-z0-9._/-]+$/;

/** The merged `git` of a stage as a RepositoryRef: GitHub when `repository`, any git server when `url`. */
export function repositoryRefOf(git: StageLayer["git"], report: Report): RepositoryRef | undefined {
  const branch = git?.branch ?? "main";
  const auth = git?.auth ?? { kind: "none" as const };
  if (!BRANCH.test(branch)) report(["git", "branch"], "expected a branch name (letters, digits, . _ / -)");
  if (git?.repository !== undefined && git.url !== undefined) {
    report(["git", "url"], "expected either git.repository (GitHub owner/name) or git.url (a git server), not both: a layer above set the other one");
    return undefined;
  }
  if (git?.provider === "azure-devops") return azureReposRef(git, branch, auth, report);
  if (auth.kind === "entra") report(["git", "auth"], "expected token, basic, github-app or none: the app's Entra identity authenticates to Azure Repos (git.provider: azure-devops) only");
  if (git?.repository !== undefined) {
    if (!OWNER_NAME.test(git.repository)) report(["git", "repository"], "expected a GitHub repository as owner/name");
    const apiProblem = git.apiUrl === undefined ? undefined : urlProblem(git.apiUrl, "apiUrl");
    if (apiProblem) report(["git", "apiUrl"], apiProblem);
    return { provider: "github", repository: git.repository, branch, ...(git.apiUrl === undefined ? {} : { apiUrl: git.apiUrl }), auth };
  }
  if (git?.url !== undefined) {
    // The clone URL Azure Repos shows carries the organization as a user name (no password): fine.
  const problem = urlProblem(git.url.replace(/^(https?:\/\/)[^/:@]+@/i, "$1"), "git.url");
    if (problem) report(["git", "url"], problem);
    if (git.apiUrl !== undefined) report(["git", "apiUrl"], "apiUrl applies to GitHub repositories (git.repository) only");
    if (auth.kind === "github-app") report(["git", "auth"], "expected token, basic or none: a GitHub App authenticates to GitHub repositories (git.repository) only");
    return { provider: "git", url: git.url, branch, auth };
  }
  report(["git"], "expected a repository: set git.repository (GitHub owner/name) or git.url (a git server) in defaults.git, the pipeline's git, its template or the stage");
  return undefined;
}

/** Azure Repos: a PAT (`token`) or the app's Entra identity; the URL in its one canonical spelling. */
function azureReposRef(git: NonNullable<StageLayer["git"]>, branch: string, auth: RepositoryRef["auth"], report: Report): RepositoryRef | undefined {
  if (git.repository !== undefined) report(["git", "repository"], "expected git.url with provider azure-devops (https://dev.azure.com/{organization}/{project}/_git/{repository}), not git.repository");
  if (git.apiUrl !== undefined) report(["git", "apiUrl"], "apiUrl applies to GitHub repositories (git.repository) only");
  if (auth.kind !== "token" && auth.kind !== "entra") {
    report(["git", "auth"], "expected { kind: token, tokenSecret: NAME } (a personal access token with Code read & write) or { kind: entra } (the app's identity) for Azure Repos");
  }
  if (git.url === undefined) {
    report(["git", "url"], "expected the Azure Repos URL, https://dev.azure.com/{organization}/{project}/_git/{repository}");
    return undefined;
  }
  // The clone URL Azure Repos shows carries the organization as a user name (no password): fine.
  const problem = urlProblem(git.url.replace(/^(https?:\/\/)[^/:@]+@/i, "$1"), "git.url");
  if (problem) {
    report(["git", "url"], problem);
    return undefined;
  }
  try {
    return { provider: "azure-devops", url: canonicalReposUrl(git.url), branch, auth };
  } catch (error) {
    report(["git", "url"], error instanceof Error ? error.message : String(error));
    return undefined;
  }
}
