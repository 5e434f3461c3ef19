import { readPipelineTrust, type PipelineTrust } from "../../config/pipelineTrust.js";
import { SettingsError } from "../../config/settings.js";
import { canonicalReposUrl } from "../../azureDevOps/reposUrl.js";
import type { RepositoryAuth, RepositoryRef } from "../config/model.js";

/** Where the pipelines file is read; at most one of the three is set. */
export interface PipelineSourceSettings {
  /** BATON_PIPELINES: the file's text itself (tests, quick local runs). */
  inline?: string;
  /** BATON_PIPELINES_FILE: a local file (development). */
  file?: string;
  /** BATON_PIPELINES_REPOSITORY and friends: the file in the GitOps repository (production). */
  repository?: { ref: RepositoryRef; path: string };
  /** What the file may name (BATON_PIPELINE_SECRETS, BATON_ALLOWED_HOSTS...): the loader enforces it. */
  trust: PipelineTrust;
}

export const DEFAULT_PIPELINES_PATH = ".baton/pipelines.yaml";

type Env = Record<string, string | undefined>;

const OWNER_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,126}$/;
const REPOSITORY_ONLY = [
  "BATON_PIPELINES_BRANCH",
  "BATON_PIPELINES_PATH",
  "BATON_PIPELINES_GITHUB_API_URL",
  "BATON_PIPELINES_TOKEN_SECRET",
  "BATON_PIPELINES_USERNAME",
  "BATON_PIPELINES_PASSWORD_SECRET",
  "BATON_PIPELINES_GITHUB_APP_ID",
  "BATON_PIPELINES_GITHUB_INSTALLATION_ID",
  "BATON_PIPELINES_GITHUB_PRIVATE_KEY_SECRET",
  "BATON_PIPELINES_AUTH",
  "BATON_PIPELINES_PROVIDER",
] as const;

/** Reads where the pipelines file comes from; every problem names its setting. */
export function readPipelineSourceSettings(env: Env = process.env): PipelineSourceSettings {
  const value = (name: string) => (env[name]?.trim() ? env[name].trim() : undefined);
  const problems: string[] = [];
  const inline = env.BATON_PIPELINES?.trim() ? env.BATON_PIPELINES : undefined;
  const file = value("BATON_PIPELINES_FILE");
  const repository = value("BATON_PIPELINES_REPOSITORY");
  const chosen = [inline && "BATON_PIPELINES", file && "BATON_PIPELINES_FILE", repository && "BATON_PIPELINES_REPOSITORY"].filter(Boolean);
  if (chosen.length > 1) problems.push(`${chosen.join(" and ")} are both set: set only one place to read pipelines from`);
  if (!repository) {
    const stray = REPOSITORY_ONLY.filter((name) => value(name) !== undefined);
    if (stray.length > 0) problems.push(`${stray.join(", ")} ${stray.length > 1 ? "apply" : "applies"} only with BATON_PIPELINES_REPOSITORY, which is not set`);
  }
  const ref = repository ? repositoryRefOf(repository, value, problems) : undefined;
  const path = value("BATON_PIPELINES_PATH") ?? DEFAULT_PIPELINES_PATH;
  if (path.startsWith("/") || path.split("/").includes("..")) problems.push("BATON_PIPELINES_PATH must be a path inside the repository, e.g. .baton/pipelines.yaml");
  if (problems.length > 0) throw new SettingsError(problems);
  return { ...(inline ? { inline } : {}), ...(file ? { file } : {}), ...(ref ? { repository: { ref, path } } : {}), trust: readPipelineTrust(env) };
}

function repositoryRefOf(repository: string, value: (name: string) => string | undefined, problems: string[]): RepositoryRef | undefined {
  const branch = value("BATON_PIPELINES_BRANCH") ?? "main";
  const auth = authOf(value, problems);
  const apiUrl = value("BATON_PIPELINES_GITHUB_API_URL");
  const provider = value("BATON_PIPELINES_PROVIDER");
  if (provider !== undefined && provider !== "azure-devops") problems.push("BATON_PIPELINES_PROVIDER must be azure-devops (an Azure DevOps Server URL in BATON_PIPELINES_REPOSITORY); leave it unset otherwise");
  if (apiUrl !== undefined && !isHttpUrl(apiUrl)) problems.push("BATON_PIPELINES_GITHUB_API_URL must be an absolute http(s) URL, e.g. https://github.example.com/api/v3");
  if (OWNER_NAME.test(repository)) {
    if (auth?.kind === "basic") problems.push("BATON_PIPELINES_USERNAME applies to git servers (a clone URL in BATON_PIPELINES_REPOSITORY); for GitHub set BATON_PIPELINES_TOKEN_SECRET or a GitHub App");
    if (auth?.kind === "entra") problems.push("BATON_PIPELINES_AUTH=entra applies to Azure Repos only; for GitHub set BATON_PIPELINES_TOKEN_SECRET or a GitHub App");
    if (provider !== undefined) problems.push("BATON_PIPELINES_PROVIDER applies to Azure Repos URLs, not to a GitHub owner/name");
    return auth ? { provider: "github", repository, branch, ...(apiUrl ? { apiUrl } : {}), auth } : undefined;
  }
  // The value is never echoed in these messages: a URL given here may carry credentials.
  if (!isHttpUrl(repository) || new URL(repository).password) {
    problems.push("BATON_PIPELINES_REPOSITORY must be a GitHub owner/name or an http(s) clone URL without credentials");
    return undefined;
  }
  if (apiUrl !== undefined) problems.push("BATON_PIPELINES_GITHUB_API_URL applies to GitHub repositories (owner/name) only");
  if (auth?.kind === "github-app") problems.push("BATON_PIPELINES_GITHUB_APP_ID applies to GitHub repositories (owner/name) only");
  if (provider === "azure-devops" || isAzureDevOpsHost(repository)) return azureReposRefOf(repository, branch, auth, problems);
  if (new URL(repository).username) {
    problems.push("BATON_PIPELINES_REPOSITORY must be a GitHub owner/name or an http(s) clone URL without credentials");
    return undefined;
  }
  if (auth?.kind === "entra") problems.push("BATON_PIPELINES_AUTH=entra applies to Azure Repos only (https://dev.azure.com/..., or BATON_PIPELINES_PROVIDER=azure-devops for Azure DevOps Server)");
  return auth ? { provider: "git", url: repository, branch, auth } : undefined;
}

/** dev.azure.com and the legacy {organization}.visualstudio.com are Azure Repos without being told. */
function isAzureDevOpsHost(url: string): boolean {
  const host = new URL(url).hostname.toLowerCase();
  return host === "dev.azure.com" || host.endsWith(".visualstudio.com");
}

/**
 * Azure Repos (issue 14): the URL as the Clone button shows it, kept in its canonical spelling (a
 * user name in it is dropped); a PAT named by BATON_PIPELINES_TOKEN_SECRET or the app's identity.
 */
function azureReposRefOf(repository: string, branch: string, auth: RepositoryAuth | undefined, problems: string[]): RepositoryRef | undefined {
  let url: string | undefined;
  try {
    url = canonicalReposUrl(repository);
  } catch {
    problems.push("BATON_PIPELINES_REPOSITORY must be an Azure Repos URL, https://dev.azure.com/{organization}/{project}/_git/{repository}");
  }
  if (auth?.kind === "basic") problems.push("BATON_PIPELINES_USERNAME does not apply to Azure Repos: set BATON_PIPELINES_TOKEN_SECRET (a personal access token) or BATON_PIPELINES_AUTH=entra");
  if (auth?.kind === "none") problems.push("Azure Repos in BATON_PIPELINES_REPOSITORY needs BATON_PIPELINES_TOKEN_SECRET (the name of a personal access token's secret) or BATON_PIPELINES_AUTH=entra (the app's identity)");
  if (url === undefined || (auth?.kind !== "token" && auth?.kind !== "entra")) return undefined;
  return { provider: "azure-devops", url, branch, auth };
}

function authOf(value: (name: string) => string | undefined, problems: string[]): RepositoryAuth | undefined {
  const secret = (name: string): string | undefined => {
    const v = value(name);
    if (v !== undefined && !SECRET_NAME.test(v)) problems.push(`${name} must be the NAME of the setting or Key Vault secret holding the value, not the value`);
    return v;
  };
  const token = secret("BATON_PIPELINES_TOKEN_SECRET");
  const username = value("BATON_PIPELINES_USERNAME");
  const password = secret("BATON_PIPELINES_PASSWORD_SECRET");
  const appId = value("BATON_PIPELINES_GITHUB_APP_ID");
  const installationId = value("BATON_PIPELINES_GITHUB_INSTALLATION_ID");
  const privateKey = secret("BATON_PIPELINES_GITHUB_PRIVATE_KEY_SECRET");
  const entra = value("BATON_PIPELINES_AUTH");
  if (entra !== undefined && entra !== "entra") problems.push("BATON_PIPELINES_AUTH must be entra (the app's identity, for Azure Repos); other authentications are chosen by their own settings");
  const kinds = [
    token && "BATON_PIPELINES_TOKEN_SECRET",
    (username || password) && "BATON_PIPELINES_USERNAME",
    (appId || installationId || privateKey) && "BATON_PIPELINES_GITHUB_APP_ID",
    entra === "entra" && "BATON_PIPELINES_AUTH",
  ].filter(Boolean);
  if (kinds.length > 1) {
    problems.push(`${kinds.join(" and ")} choose different authentications: set one`);
    return undefined;
  }
  if (token) return { kind: "token", tokenSecret: token };
  if (entra === "entra") return { kind: "entra" };
  if (username || password) {
    if (!username || !password) {
      problems.push("set both BATON_PIPELINES_USERNAME and BATON_PIPELINES_PASSWORD_SECRET for basic authentication");
      return undefined;
    }
    return { kind: "basic", username, passwordSecret: password };
  }
  if (appId || installationId || privateKey) {
    const id = (name: string, v: string | undefined) => {
      if (v === undefined || !/^[1-9]\d*$/.test(v)) problems.push(`${name} must be a positive whole number (set with the other BATON_PIPELINES_GITHUB_* settings)`);
      return Number(v);
    };
    const app = id("BATON_PIPELINES_GITHUB_APP_ID", appId);
    const installation = id("BATON_PIPELINES_GITHUB_INSTALLATION_ID", installationId);
    if (!privateKey) problems.push("BATON_PIPELINES_GITHUB_PRIVATE_KEY_SECRET must name the secret holding the GitHub App's private key");
    return { kind: "github-app", appId: app, installationId: installation, privateKeySecret: privateKey ?? "" };
  }
  return { kind: "none" };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
