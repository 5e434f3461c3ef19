import { OrchestrationRuntimeStatus, type DurableOrchestrationStatus, type OrchestrationFilter } from "durable-functions";
import { belongsToPipeline, isPromotion } from "./promotionIds.js";
import type { OpsDurableClient, RuntimeStatusName } from "./opsClient.js";
import { describePromotion, startedAt, timeText, type PromotionOutcome, type PromotionSummary } from "./promotionView.js";

export interface PromotionQuery {
  pipeline?: string;
  /** Empty: every status. */
  statuses: readonly RuntimeStatusName[];
  /** Empty: any outcome, finished or not; otherwise only finished promotions that ended so. */
  outcomes: readonly PromotionOutcome[];
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
  // A promotion's CreatedTime is its latest generation's start (it continues as new after each
  // stage), never before its own start: `since` can narrow the query, `until` only the result.
  const filter: OrchestrationFilter & { showInput: boolean } = {
    ...(query.since ? { createdTimeFrom: query.since } : {}),
    ...(runtimeStatuses(query).length > 0 ? { runtimeStatus: runtimeStatuses(query).map((s) => OrchestrationRuntimeStatus[s]) } : {}),
    showInput: true,
  };
  const candidates = (await client.getStatusBy(filter))
    .filter((s) => isPromotion(s) && (!query.pipeline || belongsToPipeline(s.instanceId, query.pipeline)))
    .map((s) => ({ status: s, cursor: cursorOf(s) }))
    .filter((s) => within(s.cursor.createdTime, query.since, query.until))
    .sort((a, b) => newestFirst(a.cursor, b.cursor));
  const after = query.after;
  const rest = after ? candidates.filter((s) => newestFirst(s.cursor, after) > 0) : candidates;
  const describe = (s: DurableOrchestrationStatus) => describePromotion(client, s, locate(s.instanceId));
  if (query.outcomes.length === 0) {
    const page = rest.slice(0, query.top);
    const last = page[page.length - 1];
    return {
      promotions: await Promise.all(page.map((p) => describe(p.status))),
      ...(rest.length > query.top && last ? { next: last.cursor } : {}),
    };
  }
  // The outcome (rolled back or not) needs the promotion's output and sometimes its failed
  // stage's: only finished promotions are read, in page-sized batches, until the page is full.
  const wanted = new Set(query.outcomes);
  const page: { summary: PromotionSummary; cursor: PageCursor }[] = [];
  let index = 0;
  while (index < rest.length && page.length <= query.top) {
    const batch = rest.slice(index, index + query.top);
    index += batch.length;
    const described = await Promise.all(batch.map(async (c) => ({ summary: await describe(c.status), cursor: c.cursor })));
    page.push(...described.filter((d) => d.summary.outcome !== null && wanted.has(d.summary.outcome)));
  }
  const shown = page.slice(0, query.top);
  const last = shown[shown.length - 1];
  return { promotions: shown.map((p) => p.summary), ...(page.length > query.top && last ? { next: last.cursor } : {}) };
}

/** An outcome filter only ever matches finished promotions: ask Durable for those alone. */
function runtimeStatuses(query: PromotionQuery): readonly RuntimeStatusName[] {
  if (query.outcomes.length === 0) return query.statuses;
  const finished = FINISHED.filter((s) => query.statuses.length === 0 || query.statuses.includes(s));
  // Both filters given and disjoint: nothing can match; a status no promotion has keeps it empty.
  return finished.length > 0 ? finished : ["ContinuedAsNew"];
}

const FINISHED: readonly RuntimeStatusName[] = ["Completed", "Failed", "Terminated", "Canceled"];

function cursorOf(status: DurableOrchestrationStatus): PageCursor {
  return { createdTime: new Date(startedAt(status) ?? timeText(status.createdTime)).toISOString(), id: status.instanceId };
}

function within(time: string, since: Date | undefined, until: Date | undefined): boolean {
  const t = Date.parse(time);
  return (!since || t >= since.getTime()) && (!until || t <= until.getTime());
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
