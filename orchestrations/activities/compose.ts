/**
 * The composition root of the promotion activities: real stores and clients from settings,
 * built on first use (the app must load with no settings at all) and shared by every activity.
 */
import { DefaultAzureCredential } from "@azure/identity";
import { scopedSecrets } from "../../shared/config/secretScope.js";
import { createSecretSource } from "../../shared/config/secretSource.js";
import { readSettings } from "../../shared/config/settings.js";
import { lazy } from "../../shared/ingest/composition/lazy.js";
import { guardedFetch } from "../../shared/net/outboundGuard.js";
import { createSignalRouter } from "../../shared/ingest/intake/signalRouter.js";
import { readIngestSettings } from "../../shared/ingest/settings.js";
import { TableStageLockStore } from "../../shared/locks/tableStageLocks.js";
import { openOpsStore } from "../../shared/ops/store/opsStore.js";
import { pinPipeline, UnknownPipelineError } from "../../shared/pipelines/config/pin.js";
import { pipelineWatch } from "../../shared/ingest/composition/pipelineWatch.js";
import { openIngestStore } from "../../shared/store/ingestStore.js";
import { buildApprovalCard } from "../../shared/teams/cards/approvalCard.js";
import { teamsActivityDeps, type TeamsActivityDeps } from "../../shared/teams/composition/teamsActivities.js";
import { openTable } from "../../shared/store/tableClient.js";
import type { ActivityDeps } from "./deps.js";
import { observers } from "./observers.js";
import { repositoryAccess } from "./repositories.js";
import { readActivitySettings } from "./settings.js";

/**
 * `overrides` replace single dependencies, for end-to-end tests that run the real app against
 * fakes the settings cannot point at (an SDK that insists on https, for instance).
 */
export function activityRoot(env: Record<string, string | undefined> = process.env, overrides: Partial<ActivityDeps> = {}): () => Promise<ActivityDeps> {
  return lazy(async () => {
    const baton = readSettings(env);
    const ingest = readIngestSettings(env);
    const settings = readActivitySettings(env);
    const now = (): Date => new Date();
    const secrets = createSecretSource(baton, { env });
    // What a pinned pipeline reaches is bounded again here, where secrets are sent: the loader's
    // check does not cover a promotion pinned before a setting changed or started by hand.
    const trust = ingest.pipelines.trust;
    const pipelineSecrets = scopedSecrets(secrets, trust.secrets);
    const outbound = guardedFetch(trust.outbound);
    const [store, ops, locks] = await Promise.all([
      openIngestStore({ storage: ingest.storage, tablePrefix: ingest.tablePrefix, deliveryRetentionMs: ingest.deliveryRetentionMs }),
      openOpsStore({ storage: ingest.storage, tablePrefix: ingest.tablePrefix }),
      openTable(ingest.storage, `${ingest.tablePrefix}StageLocks`),
    ]);
    // Activities only register and remove waits; raising events is the doors' job.
    const signals = createSignalRouter({
      subscriptions: store.subscriptions,
      revisions: store.revisions,
      sender: { raise: () => Promise.reject(new Error("activities do not route signals")) },
    });
    const observe = observers(settings, pipelineSecrets, now, outbound);
    const azureCredential = new DefaultAzureCredential();
    const publicUrl = baton.publicUrl.toString().replace(/\/+$/, "");
    const deps: ActivityDeps = {
      pipelines: {
        async pin(name) {
          // The process's watched configuration (parsed once per content, re-checked when due):
          // the valid one in use, the last good one while a newer file is invalid.
          const { good, problem } = await pipelineWatch(env).current();
          const config = good?.config;
          if (!config) throw new Error(good ? `${good.origin.path} is a sources-only list: promotions need a version 1 pipelines file` : `no valid pipelines configuration to pin from: ${problem?.problems.join("; ") ?? "not read yet"}`);
          try {
            return pinPipeline(config, name);
          } catch (error) {
            if (error instanceof UnknownPipelineError) return undefined;
            throw error;
          }
        },
      },
      holds: {
        active: async (pipeline) =>
          (await ops.holds.activeHolds(pipeline)).map((h) => ({ scope: h.scope, ...(h.pipeline ? { pipeline: h.pipeline } : {}), by: h.by, reason: h.reason, at: h.at })),
      },
      timeline: {
        append: (inputs) => ops.timeline.appendAll(inputs),
      },
      locks: new TableStageLockStore(locks),
      signals,
      // The credential as the final deps have it, so a test's override reaches Azure Repos too.
      repository: repositoryAccess(settings, pipelineSecrets, now, outbound, () => final.azureCredential),
      observer: observe,
      secrets: pipelineSecrets,
      fetch: outbound,
      now,
      azureCredential,
      teams: env.BATON_TEAMS_APP_ID ? teamsActivityDeps(env) : teamsNotConfigured(),
      promotionUrl: (id) => `${publicUrl}/api/promotions/${id}`,
      ...overrides,
    };
    // Even a test's own secret source stays inside the scope.
    const final: ActivityDeps = { ...deps, secrets: scopedSecrets(deps.secrets, trust.secrets) };
    return final;
  });
}

/**
 * Without a Teams bot registration Baton still approves through the ops API; only what needs the
 * bot (posting cards, Graph group lookups) says what is missing when a pipeline asks for it.
 */
function teamsNotConfigured(): TeamsActivityDeps {
  const missing = (what: string): Error => new Error(`${what} needs the Teams bot's app registration: set BATON_TEAMS_APP_ID (see docs/teams.md)`);
  return {
    groups: { memberGroups: () => Promise.reject(missing("an approver group")) },
    openConnector: () => {
      throw missing("posting the approval card to Teams");
    },
    renderCard: buildApprovalCard,
  };
}
