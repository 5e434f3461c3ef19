/**
 * The one pipelines watch per process and source: the doors, the ops API, the pinning activity,
 * the health endpoint and the pipelinesWatch timer all see the same configuration and share its
 * reads and its parse. Building it reads settings only; nothing is fetched until the timer ticks
 * or an authenticated caller asks (configWatch.ts).
 */
import { tmpdir } from "node:os";
import type { TokenCredential } from "@azure/identity";
import { createSecretSource } from "../../config/secretSource.js";
import { readSettings } from "../../config/settings.js";
import { configTextSource } from "../../pipelines/source/configText.js";
import { PipelineConfigWatch } from "../../pipelines/source/configWatch.js";
import { readPipelineSourceSettings, type PipelineSourceSettings } from "../../pipelines/source/settings.js";
import { throttleRefresh } from "../verify/throttledRefresh.js";

type Env = Record<string, string | undefined>;

/** How often an authenticated caller may trigger a re-check (the timer checks every 30 s anyway). */
const REFRESH_MS = { inline: Number.POSITIVE_INFINITY, file: 5_000, repository: 60_000 } as const;
const MAX_BACKOFF_MS = 15 * 60_000;
/** With the 30 s timer: at most 16 minutes between retries of a source that keeps failing. */
const MAX_BACKOFF_TICKS = 32;

const watches = new Map<string, PipelineConfigWatch>();

/**
 * An authenticated push notification (the Azure DevOps `git.push` service hook): when it moved the
 * branch the pipelines file is read from, the watch reads again on its next use, so the next
 * promotion sees the edit at once instead of after the refresh interval. Only this process's
 * watch learns of it; other instances re-check on their own schedule (at most 1 minute).
 * True when the push concerned the pipelines file's branch.
 */
export function pipelinesPushed(push: { repository: string; refs: readonly string[] }, env: Env = process.env): boolean {
  const ref = readPipelineSourceSettings(env).repository?.ref;
  if (ref?.provider !== "azure-devops") return false;
  // Both are canonical Azure Repos URLs (shared/azureDevOps/reposUrl.ts); Azure DevOps ignores case in them.
  if (ref.url.toLowerCase() !== push.repository.toLowerCase() || !push.refs.includes(`refs/heads/${ref.branch}`)) return false;
  pipelineWatch(env).invalidate();
  return true;
}

export function pipelineWatch(env: Env = process.env): PipelineConfigWatch {
  const source = readPipelineSourceSettings(env);
  const key = JSON.stringify(source);
  let watch = watches.get(key);
  if (!watch) {
    watch = createWatch(source, env);
    watches.set(key, watch);
  }
  return watch;
}

function createWatch(source: PipelineSourceSettings, env: Env): PipelineConfigWatch {
  const secrets = source.repository ? throttleRefresh(createSecretSource(readSettings(env), { env }), 10_000) : undefined;
  // Azure Repos with the app's identity: DefaultAzureCredential (AZURE_CLIENT_ID picks the user-assigned identity), made once.
  let credential: Promise<TokenCredential> | undefined;
  const azureCredential = (): Promise<TokenCredential> => (credential ??= import("@azure/identity").then((identity) => new identity.DefaultAzureCredential()));
  const text = configTextSource(source, async (ref) => {
    if (!secrets) throw new Error("no repository configured");
    // The git and GitHub clients load on the first read of a repository, not when a door starts
    // (issue 13, cold start): a local or inline pipelines file never needs them.
    const [{ openRepositoryFiles }, { default: http }] = await Promise.all([
      import("../../pipelines/source/openRepository.js"),
      import("isomorphic-git/http/node"),
    ]);
    return openRepositoryFiles(ref, { secrets, http, scratchRoot: tmpdir(), azureCredential });
  });
  return new PipelineConfigWatch(text, {
    now: Date.now,
    log: (level, message) => (level === "error" ? console.error(message) : console.info(message)),
    refreshMs: REFRESH_MS[source.repository ? "repository" : source.file ? "file" : "inline"],
    maxBackoffMs: MAX_BACKOFF_MS,
    maxBackoffTicks: MAX_BACKOFF_TICKS,
    sourcesOnlyAllowed: source.inline !== undefined,
    trust: source.trust,
  });
}
