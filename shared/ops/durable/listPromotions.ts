import { OrchestrationRuntimeStatus, type DurableOrchestrationStatus, type OrchestrationFilter } from "durable-functions";
import { belongsToPipeline, isPromotion } from "./promotionIds.js";
import type { OpsDurableClient, RuntimeStatusName } from "./opsClient.js";
import { summarise, timeText, type PromotionSummary } from "./promotionView.js";

export interface PromotionQuery {
  pipeline?: string;
  /** Empty: every status. */
  statuses: readonly RuntimeStatusName[];
  since?: Date;
  until?: Date;
  top: number;
  /** Where the previous page ended. */
  after?: PageCursor;
}

/** The last item of a page: newest first, ties broken by id, so pages neither skip nor repeat. */
export interface PageCursor {
  createdTime: string;
  id: string;
}

export interface PromotionPage {
  promotions: PromotionSummary[];
  next?: PageCursor;
}

/**
 * Lists promotions through getStatusBy (the client has no id-prefix filter, so the pipeline is
 * matched on the id here) and pages over the sorted result. durable-functions 3.5 forwards
 * `showInput` from the filter to the query although OrchestrationFilter does not declare it;
 * without it the list could not show each promotion's image.
 */
export async function listPromotions(client: OpsDurableClient, query: PromotionQuery, locate: (id: string) => string): Promise<PromotionPage> {
  const filter: OrchestrationFilter & { showInput: boolean } = {
    ...(query.since ? { createdTimeFrom: query.since } : {}),
    ...(query.until ? { createdTimeTo: query.until } : {}),
    ...(query.statuses.length > 0 ? { runtimeStatus: query.statuses.map((s) => OrchestrationRuntimeStatus[s]) } : {}),
    showInput: true,
  };
  const all = (await client.getStatusBy(filter))
    .filter((s) => isPromotion(s) && (!query.pipeline || belongsToPipeline(s.instanceId, query.pipeline)))
    .map((s) => ({ status: s, cursor: cursorOf(s) }))
    .sort((a, b) => newestFirst(a.cursor, b.cursor));
  const rest = query.after ? all.filter((s) => newestFirst(s.cursor, query.after!) > 0) : all;
  const page = rest.slice(0, query.top);
  const last = page[page.length - 1];
  return {
    promotions: page.map((p) => summarise(p.status, locate(p.status.instanceId))),
    ...(rest.length > query.top && last ? { next: last.cursor } : {}),
  };
}

function cursorOf(status: DurableOrchestrationStatus): PageCursor {
  return { createdTime: new Date(timeText(status.createdTime)).toISOString(), id: status.instanceId };
}

function newestFirst(a: PageCursor, b: PageCursor): number {
  return b.createdTime.localeCompare(a.createdTime) || b.id.localeCompare(a.id);
}

export function encodeCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdTime, cursor.id])).toString("base64url");
}

/** undefined when the token is not one of ours (the caller answers 400). */
export function decodeCursor(token: string): PageCursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string" && !Number.isNaN(Date.parse(value[0]))) {
      return { createdTime: value[0], id: value[1] };
    }
  } catch {
    // fall through: not base64url JSON
  }
  return undefined;
}
