/**
 * Composition root of the Teams messaging endpoint. Nothing is read at import time, so the app
 * loads without the Teams settings; the Agents SDK is imported on the first request (issue 13:
 * no other function pays for it). A failed build (bad settings) answers 503 and is retried on
 * the next request. Storage is opened only for an authenticated request, on first use.
 */
import { randomUUID } from "node:crypto";
import type { InvocationContext } from "@azure/functions";
import * as df from "durable-functions";
import { createSecretSource } from "../../config/secretSource.js";
import { readSettings } from "../../config/settings.js";
import { lazy } from "../../ingest/composition/lazy.js";
import { readIngestSettings } from "../../ingest/settings.js";
import { openOpsStore } from "../../ops/store/opsStore.js";
import { buildApprovalCard } from "../cards/approvalCard.js";
import type { MessagesRoot } from "../http/messagesDoor.js";
import { readTeamsSettings } from "../settings.js";
import { botClients } from "./botClients.js";

export function teamsRoot(env: Record<string, string | undefined> = process.env): () => Promise<MessagesRoot> {
  return lazy(async () => {
    const teams = readTeamsSettings(env);
    const baton = readSettings(env);
    const ingest = readIngestSettings(env);
    const clients = botClients(teams, createSecretSource(baton, { env }));
    const store = lazy(() => openOpsStore(ingest));
    const publicUrl = baton.publicUrl.toString().replace(/\/+$/, "");
    const { openBotEndpoint } = await import("../http/botEndpoint.js");
    const endpoint = openBotEndpoint({
      settings: teams,
      credential: clients.botCredential,
      deps: async (context: InvocationContext) => ({
        client: df.getClient(context),
        audit: (await store()).audit,
        groups: clients.groups,
        renderCard: buildApprovalCard,
        tenantId: teams.tenantId,
        locate: (id: string) => `${publicUrl}/api/promotions/${id}`,
        now: () => new Date(),
        newId: () => randomUUID(),
      }),
    });
    return { endpoint, maxBodyBytes: teams.maxBodyBytes };
  });
}
