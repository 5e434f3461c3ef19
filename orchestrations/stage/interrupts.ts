/**
 * Between two steps a stage looks at the ops commands that arrived while it was busy (an activity
 * or a timer in flight), so an abort is acted on before the stage changes anything else, however
 * short the window was. Other commands that arrived meanwhile are recorded as not applicable.
 */
import { EVENT, type OpsCommandPayload } from "../../shared/durable/events.js";
import { arrivedEvent, type Flow } from "../flow.js";
import type { StageRun } from "./run.js";

export function* abortRequested(run: StageRun): Flow<OpsCommandPayload | undefined> {
  for (;;) {
    const arrived = yield* arrivedEvent(run.ctx, [EVENT.opsCommand]);
    if (!arrived) return undefined;
    if (arrived.payload.command === "abort") return arrived.payload;
    run.ignored.push(arrived.payload);
  }
}
