/** `baton watch`: prints each new timeline entry and every change of step until the promotion ends. */
import type { PromotionOutcome } from "../shared/ops/durable/promotionView.js";
import type { ApiClient } from "./apiClient.js";
import { timelineLine, where, type PromotionDetail } from "./views.js";

/** Scripts tell outcomes apart by exit code: 0 only when the image reached the end. */
export const OUTCOME_EXIT_CODES: Record<PromotionOutcome, number> = { succeeded: 0, failed: 3, "rolled-back": 4, aborted: 5, superseded: 6 };

export async function watchPromotion(
  client: ApiClient,
  path: string,
  o: { interval: number; out: (line: string) => void; json: boolean; sleep: (ms: number) => Promise<void> },
): Promise<PromotionOutcome> {
  let shown = 0;
  let lastState = "";
  for (;;) {
    const p = await client.get<PromotionDetail>(path);
    for (const t of p.timeline.slice(shown)) o.out(o.json ? JSON.stringify({ at: t.at, ...t.entry }) : timelineLine(t));
    shown = p.timeline.length;
    const state = p.outcome ? "" : `${where(p)}${p.stage ? ` at ${p.stage}` : ""}${p.waitingFor ? `, waiting for ${p.waitingFor}` : ""}`;
    if (state && state !== lastState) o.out(o.json ? JSON.stringify({ state: p.state, stage: p.stage, step: p.step, waitingFor: p.waitingFor }) : `… ${state}`);
    lastState = state;
    if (p.outcome) {
      o.out(o.json ? JSON.stringify({ outcome: p.outcome, reason: p.reason }) : `${p.id} ${p.outcome}${p.reason ? `: ${p.reason}` : ""}`);
      return p.outcome;
    }
    await o.sleep(o.interval);
  }
}
