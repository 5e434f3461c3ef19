/**
 * Composition root of the Teams messaging endpoint. Nothing is read at import time, so the app
 * loads without the Teams settings; a failed build (bad settings, storage not up) answers 503
 * and is retried on the next request.
 */
import { randomUUID } from "node:crypto";
import type { InvocationContext } from "@azure/functions";
import { CloudAdapter } from "botbuilder";
import * as df from "durable-functions";
import { createSecretSource } from "../../config/secretSource.js";
import { readSettings } from "../../config/settings.js";
import { lazy } from "../../ingest/composition/lazy.js";
import { readIngestSettings } from "../../ingest/settings.js";
import { openOpsStore } from "../../ops/store/opsStore.js";
import { createChannelAuthentication } from "../auth/channelAuthentication.js";
import { buildApprovalCard } from "../cards/approvalCard.js";
import type { MessagesRoot } from "../http/messagesDoor.js";
import { readTeamsSettings } from "../settings.js";
import { botClients } from "./botClients.js";

export function teamsRoot(env: Record<string, string | undefined> = process.env): () => Promise<MessagesRoot> {
  return lazy(async () => {
    const teams = readTeamsSettings(env);
    const baton = readSettings(env);
    const store = await openOpsStore(readIngestSettings(env));
    const clients = botClients(teams, createSecretSource(baton, { env }));
    const adapter = new CloudAdapter(createChannelAuthentication(teams, clients.botCredential));
    const publicUrl = baton.publicUrl.toString().replace(/\/+$/, "");
    return {
      adapter,
      maxBodyBytes: teams.maxBodyBytes,
      deps: (context: InvocationContext) => ({
        client: df.getClient(context),
        audit: store.audit,
        groups: clients.groups,
        renderCard: buildApprovalCard,
        tenantId: teams.tenantId,
        locate: (id: string) => `${publicUrl}/api/promotions/${id}`,
        now: () => new Date(),
        newId: () => randomUUID(),
      }),
    };
  });
}
