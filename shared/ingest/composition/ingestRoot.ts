import type { TokenCredential } from "@azure/identity";
import { createSecretSource } from "../../config/secretSource.js";
import type { SecretSource } from "../../config/secrets.js";
import { readSettings } from "../../config/settings.js";
import { openIngestStore } from "../../store/ingestStore.js";
import type { DurableClientPart } from "../adapters/durableClientPart.js";
import { createDurableSignalSender } from "../adapters/durableSignalSender.js";
import { createDurableStarter } from "../adapters/durableStarter.js";
import type { DoorDeps } from "../handlers/doorDeps.js";
import { TableKeptImages, type KeptImageStore } from "../kept/keptImages.js";
import type { PipelineDecider } from "../ports.js";
import { readIngestSettings, type IngestSettings } from "../settings.js";
import { createEntraTokenVerifier, type BearerTokenVerifier } from "../verify/bearerToken.js";
import { GitHubSignatureVerifier } from "../verify/githubSignature.js";
import { throttleRefresh } from "../verify/throttledRefresh.js";
import { openTable } from "../../store/tableClient.js";
import { lazy } from "./lazy.js";
import { bundleArrivalsRoot } from "../../bundles/storeRoot.js";
import { createBundleGatherer } from "../../bundles/gather.js";
import { createDurableWindowStarter } from "../../bundles/durableWindowStarter.js";
import { watchedPipelines } from "./pipelineDecider.js";
import { pipelineWatch } from "./pipelineWatch.js";
import { registryInspector } from "../../registry/registryRoot.js";

/** Everything the doors share for the life of the process, built from settings on first request. */
export interface IngestRoot {
  settings: IngestSettings;
  store: Awaited<ReturnType<typeof openIngestStore>>;
  /** The watched pipelines configuration, read when a verified image arrives (never at build). */
  pipelines: PipelineDecider;
  kept: KeptImageStore;
  secrets: SecretSource;
  githubVerifier: GitHubSignatureVerifier;
  entra?: BearerTokenVerifier;
  /** The per-invocation dependencies of a door, over this invocation's Durable client. */
  doorDeps: (client: DurableClientPart) => DoorDeps;
}

/** What end-to-end tests replace to read a fake ACR under a real registry name. */
export interface IngestOverrides {
  /** Instead of the app's identity (DefaultAzureCredential). */
  registryCredential?: TokenCredential;
  /** Instead of the outbound-guarded fetch for registry hosts. */
  registryFetch?: typeof fetch;
}

/**
 * The composition root of the ingestion doors. Nothing is read or opened at import time: the
 * app must load with no settings at all (e.g. `npm start` before any configuration). The
 * pipelines file is not read here either: a door reads it (through the process's watch) only
 * after it verified a delivery, and the Flux door never needs it.
 */
export function ingestRoot(env: Record<string, string | undefined> = process.env, overrides: IngestOverrides = {}): () => Promise<IngestRoot> {
  return lazy(async () => {
    const baton = readSettings(env);
    const settings = readIngestSettings(env);
    const secrets = throttleRefresh(createSecretSource(baton, { env }), 10_000);
    const pipelines = watchedPipelines(pipelineWatch(env));
    const [store, keptTable] = await Promise.all([openIngestStore(settings), openTable(settings.storage, `${settings.tablePrefix}KeptImages`)]);
    const kept = new TableKeptImages(keptTable);
    const arrivals = await bundleArrivalsRoot(env)();
    const entra = settings.eventGridEntra ? createEntraTokenVerifier(settings.eventGridEntra) : undefined;
    // Registry reads (a chart's manifest, an ACR image's labels) as the app's identity; a test may
    // hand in its own credential, as the activities' root allows.
    const registry = registryInspector(settings.pipelines.trust.outbound, overrides.registryCredential, overrides.registryFetch);
    const publicUrl = baton.publicUrl.toString().replace(/\/+$/, "");
    const locate = (instanceId: string) => `${publicUrl}/api/promotions/${instanceId}`;
    return {
      settings,
      store,
      pipelines,
      kept,
      secrets,
      githubVerifier: new GitHubSignatureVerifier(),
      ...(entra ? { entra } : {}),
      doorDeps: (client) => ({
        secrets,
        store,
        pipelines,
        kept,
        starter: createDurableStarter(client, locate),
        sender: createDurableSignalSender(client),
        bundles: createBundleGatherer({ store: arrivals, windows: createDurableWindowStarter(client) }),
        registry,
        maxBodyBytes: settings.maxBodyBytes,
      }),
    };
  });
}
