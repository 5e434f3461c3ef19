/**
 * A promotion's timeline, as it is recorded, becomes spans and log records in its trace: the
 * stage span (from the promotion's hand-over to the stage's end), the promotion span (from its
 * start to its end), one span per gate result and approval vote, and one log record per step
 * transition (the console line, with the promotion's attributes). Emitted by the activity that
 * recorded the entry (notes ride along with any activity), once per entry; the orchestrations that record them replay, these do not.
 */
import { SpanStatusCode, type Attributes, type Span } from "@opentelemetry/api";
import type { TimelineEntry, TimelineInput } from "../durable/timeline.js";
import { transitionLine } from "../ops/timeline/describeEntry.js";
import { ATTR, promotionAttributes } from "./attributes.js";
import type { TraceCarrier } from "./carrier.js";
import { logInTrace, parentOf, tracer } from "./spans.js";

export function timelineSpans(recorded: TimelineInput, carrier: TraceCarrier): void {
  const entry = recorded.entry;
  const at = new Date(recorded.at);
  const base: Attributes = { ...promotionAttributes(carrier), ...("stage" in entry && entry.stage ? { [ATTR.stage]: entry.stage } : {}), [ATTR.step]: entry.kind };
  logInTrace(transitionLine(recorded.promotionId, entry), base, isBad(entry) ? "warn" : "info");
  const span = (name: string, attributes: Attributes, start: Date, end: (s: Span) => void = () => undefined): void => {
    const s = tracer().startSpan(name, { attributes: { ...base, ...attributes }, startTime: start }, parentOf(carrier));
    end(s);
    s.end(at);
  };
  const failing = (message: string) => (s: Span) => {
    s.setStatus({ code: SpanStatusCode.ERROR, message });
    s.setAttribute(ATTR.reason, message);
  };
  switch (entry.kind) {
    case "stage.finished": {
      const start = carrier.stageStartedAt ? new Date(carrier.stageStartedAt) : at;
      span(`stage ${entry.stage}`, { [ATTR.outcome]: entry.outcome }, start, entry.outcome === "succeeded" ? undefined : failing(`${entry.outcome}${entry.detail ? `: ${entry.detail}` : ""}`));
      return;
    }
    case "promotion.finished":
      span("promotion", { [ATTR.outcome]: entry.outcome }, new Date(carrier.startedAt), entry.outcome === "succeeded" ? undefined : failing(`${entry.outcome}${entry.reason ? `: ${entry.reason}` : ""}`));
      return;
    case "gate.result":
      span(`gate ${entry.gate}`, { [ATTR.gate]: entry.gate, [ATTR.outcome]: entry.outcome }, at, entry.outcome === "failed" ? failing(entry.detail) : undefined);
      return;
    case "approval.vote":
      span(`approval ${entry.decision}`, { [ATTR.decision]: entry.decision }, at);
      return;
    case "commit":
      span(`commit ${entry.stage}`, { [ATTR.revision]: entry.commit }, at);
      return;
    case "rollback":
      span(`rollback ${entry.stage}`, { [ATTR.revision]: entry.commit }, at);
      return;
    case "promotion.started":
    case "stage.started":
    case "hold.waiting":
    case "hold.released":
    case "pull-request":
    case "flux.observed":
    case "ops.command":
      return; // the log record says it; the surrounding spans carry the time
  }
}

function isBad(entry: TimelineEntry): boolean {
  return (entry.kind === "stage.finished" || entry.kind === "promotion.finished") && entry.outcome !== "succeeded";
}
