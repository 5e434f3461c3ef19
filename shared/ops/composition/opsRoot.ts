import { randomUUID } from "node:crypto";
import { createSecretSource } from "../../config/secretSource.js";
import { readSettings } from "../../config/settings.js";
import { lazy } from "../../ingest/composition/lazy.js";
import { pipelineWatch } from "../../ingest/composition/pipelineWatch.js";
import { readIngestSettings } from "../../ingest/settings.js";
import { throttleRefresh } from "../../ingest/verify/throttledRefresh.js";
import type { OpsDeps } from "../api/opsDeps.js";
import { createAuthenticator } from "../auth/authenticate.js";
import type { OpsDurableClient } from "../durable/opsClient.js";
import { readOpsSettings } from "../settings.js";
import { openOpsStore } from "../store/opsStore.js";
import { approverGroups } from "./approverGroups.js";
import { watchedCatalog } from "./pipelineCatalog.js";

/** Everything the ops doors share for the life of the process, and the per-invocation deps. */
export interface OpsRoot {
  deps(client: OpsDurableClient): OpsDeps;
}

/**
 * The composition root of the ops API. Nothing is read at import time, so the app loads with no
 * settings; a failed build (storage not up yet) is retried on the next request. The pipelines
 * file is not read here: authentication comes first, and only a hand start reads it.
 */
export function opsRoot(env: Record<string, string | undefined> = process.env): () => Promise<OpsRoot> {
  return lazy(async () => {
    const baton = readSettings(env);
    const ingest = readIngestSettings(env);
    const ops = readOpsSettings(env);
    const secrets = throttleRefresh(createSecretSource(baton, { env }), 10_000);
    const store = await openOpsStore(ingest);
    const pipelines = watchedCatalog(pipelineWatch(env));
    const groups = approverGroups(env);
    const authenticate = createAuthenticator({ secrets, trustPrincipal: ops.trustPrincipal });
    const publicUrl = baton.publicUrl.toString().replace(/\/+$/, "");
    return {
      deps: (client) => ({
        client,
        store,
        pipelines,
        authenticate,
        groups,
        maxBodyBytes: ops.maxBodyBytes,
        locate: (id) => `${publicUrl}/api/promotions/${id}`,
        now: () => new Date(),
        newId: () => randomUUID(),
      }),
    };
  });
}
