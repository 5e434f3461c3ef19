import { tmpdir } from "node:os";
import http from "isomorphic-git/http/node";
import { createSecretSource } from "../../config/secretSource.js";
import type { SecretSource } from "../../config/secrets.js";
import { readSettings } from "../../config/settings.js";
import { createPipelineLookup } from "../../pipelines/lookup.js";
import { readIngestPipelines } from "../../pipelines/source/ingestPipelines.js";
import { openRepositoryFiles } from "../../pipelines/source/openRepository.js";
import type { PipelineLookup } from "../../pipelines/types.js";
import { openIngestStore } from "../../store/ingestStore.js";
import type { DurableClientPart } from "../adapters/durableClientPart.js";
import { createDurableSignalSender } from "../adapters/durableSignalSender.js";
import { createDurableStarter } from "../adapters/durableStarter.js";
import type { DoorDeps } from "../handlers/doorDeps.js";
import { readIngestSettings, type IngestSettings } from "../settings.js";
import { createEntraTokenVerifier, type BearerTokenVerifier } from "../verify/bearerToken.js";
import { GitHubSignatureVerifier } from "../verify/githubSignature.js";
import { throttleRefresh } from "../verify/throttledRefresh.js";
import { lazy } from "./lazy.js";

/** Everything the doors share for the life of the process, built from settings on first request. */
export interface IngestRoot {
  settings: IngestSettings;
  store: Awaited<ReturnType<typeof openIngestStore>>;
  pipelines: PipelineLookup;
  secrets: SecretSource;
  githubVerifier: GitHubSignatureVerifier;
  entra?: BearerTokenVerifier;
  /** The per-invocation dependencies of a door, over this invocation's Durable client. */
  doorDeps: (client: DurableClientPart) => DoorDeps;
}

/**
 * The composition root of the ingestion doors. Nothing is read or opened at import time: the
 * app must load with no settings at all (e.g. `npm start` before any configuration).
 */
export function ingestRoot(env: Record<string, string | undefined> = process.env): () => Promise<IngestRoot> {
  return lazy(async () => {
    const baton = readSettings(env);
    const settings = readIngestSettings(env);
    const secrets = throttleRefresh(createSecretSource(baton, { env }), 10_000);
    const [store, pipelines] = await Promise.all([openIngestStore(settings), loadPipelines(settings, secrets)]);
    const entra = settings.eventGridEntra ? createEntraTokenVerifier(settings.eventGridEntra) : undefined;
    const publicUrl = baton.publicUrl.toString().replace(/\/+$/, "");
    const locate = (instanceId: string) => `${publicUrl}/api/promotions/${instanceId}`;
    return {
      settings,
      store,
      pipelines,
      secrets,
      githubVerifier: new GitHubSignatureVerifier(),
      ...(entra ? { entra } : {}),
      doorDeps: (client) => ({
        secrets,
        store,
        pipelines,
        starter: createDurableStarter(client, locate),
        sender: createDurableSignalSender(client),
        maxBodyBytes: settings.maxBodyBytes,
      }),
    };
  });
}

/** Read once per process: a file edited later reaches ingestion at the next start (promotions re-read it). */
async function loadPipelines(settings: IngestSettings, secrets: SecretSource): Promise<PipelineLookup> {
  const repositoryFiles = (ref: Parameters<typeof openRepositoryFiles>[0]) => openRepositoryFiles(ref, { secrets, http, scratchRoot: tmpdir() });
  return createPipelineLookup(await readIngestPipelines(settings.pipelines, { repositoryFiles }));
}
