import { readPipelineTrust, type PipelineTrust } from "../../config/pipelineTrust.js";
import { SettingsError } from "../../config/settings.js";
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
  if (apiUrl !== undefined && !isHttpUrl(apiUrl)) problems.push("BATON_PIPELINES_GITHUB_API_URL must be an absolute http(s) URL, e.g. https://github.example.com/api/v3");
  if (OWNER_NAME.test(repository)) {
    if (auth?.kind === "basic") problems.push("BATON_PIPELINES_USERNAME applies to git servers (a clone URL in BATON_PIPELINES_REPOSITORY); for GitHub set BATON_PIPELINES_TOKEN_SECRET or a GitHub App");
    return auth ? { provider: "github", repository, branch, ...(apiUrl ? { apiUrl } : {}), auth } : undefined;
  }
  if (!isHttpUrl(repository) || new URL(repository).username || new URL(repository).password) {
    // The value is not echoed: a URL given here may carry credentials.
    problems.push("BATON_PIPELINES_REPOSITORY must be a GitHub owner/name or an http(s) clone URL without credentials");
    return undefined;
  }
  if (apiUrl !== undefined) problems.push("BATON_PIPELINES_GITHUB_API_URL applies to GitHub repositories (owner/name) only");
  if (auth?.kind === "github-app") problems.push("BATON_PIPELINES_GITHUB_APP_ID applies to GitHub repositories (owner/name) only");
  return auth ? { provider: "git", url: repository, branch, auth } : undefined;
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
  const kinds = [token && "BATON_PIPELINES_TOKEN_SECRET", (username || password) && "BATON_PIPELINES_USERNAME", (appId || installationId || privateKey) && "BATON_PIPELINES_GITHUB_APP_ID"].filter(Boolean);
  if (kinds.length > 1) {
    problems.push(`${kinds.join(" and ")} choose different authentications: set one`);
    return undefined;
  }
  if (token) return { kind: "token", tokenSecret: token };
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
