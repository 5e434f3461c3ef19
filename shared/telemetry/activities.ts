/**
 * One span per activity invocation, in the trace of the promotion that called it (the carrier in
 * its input). Activities run once per attempt, never on replay, so this is where a promotion's
 * work becomes spans; the timeline entries an activity records become the stage, gate and
 * approval spans (timelineSpans.ts).
 */
import { SpanKind, SpanStatusCode, type Attributes } from "@opentelemetry/api";
import type { TimelineInput } from "../durable/timeline.js";
import { ATTR, promotionAttributes } from "./attributes.js";
import { carrierOf, withoutCarrier } from "./carrier.js";
import { parentOf, tracer } from "./spans.js";
import { startTelemetry } from "./start.js";
import { timelineSpans } from "./timelineSpans.js";

/**
 * Wraps an activity handler: takes the carrier off its input, runs it inside its span. `recorded`
 * names the timeline entries the invocation wrote (the notes riding along with it, the commit's
 * own entry), which become the stage, gate, approval and commit spans and the step log records.
 */
export function traceActivity<C>(
  name: string,
  handler: (input: unknown, context: C) => Promise<unknown>,
  recorded: (input: unknown, result: unknown) => TimelineInput[] = () => [],
): (input: unknown, context: C) => Promise<unknown> {
  return async (input, context) => {
    await startTelemetry();
    const carrier = carrierOf(input);
    const own = withoutCarrier(input);
    const attributes: Attributes = { [ATTR.activity]: name, ...(carrier ? promotionAttributes(carrier) : inputAttributes(own)) };
    return tracer().startActiveSpan(name, { kind: SpanKind.INTERNAL, attributes }, parentOf(carrier), async (span) => {
      try {
        const result = await handler(own, context);
        const outcome = stepStatus(result);
        if (outcome) {
          span.setAttribute(ATTR.outcome, outcome.status);
          // A failed step (a gate said no, Flux failed at the commit) is what "what failed" looks for.
          if (outcome.status === "failed") {
            span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.reason });
            if (outcome.reason) span.setAttribute(ATTR.reason, outcome.reason);
          }
        }
        if (carrier) for (const note of recorded(own, result)) timelineSpans(note, carrier);
        return result;
      } catch (error) {
        // Thrown: transient trouble the activity retry runs again (messages never hold secrets).
        const message = error instanceof Error ? error.message : String(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message });
        span.setAttribute(ATTR.reason, message);
        throw error;
      } finally {
        span.end();
      }
    });
  };
}

/** Without a carrier (a promotion started before telemetry): what the input itself names. */
function inputAttributes(input: unknown): Attributes {
  if (typeof input !== "object" || input === null) return {};
  const i = input as { promotionId?: unknown; stage?: unknown };
  const stage = typeof i.stage === "string" ? i.stage : typeof i.stage === "object" && i.stage !== null ? (i.stage as { name?: unknown }).name : undefined;
  return {
    ...(typeof i.promotionId === "string" ? { [ATTR.promotionId]: i.promotionId } : {}),
    ...(typeof stage === "string" ? { [ATTR.stage]: stage } : {}),
  };
}

/** The step result contract's status (shared/steps/result.ts), when the activity returned one. */
function stepStatus(result: unknown): { status: string; reason?: string } | undefined {
  if (typeof result !== "object" || result === null) return undefined;
  // The commit activity wraps its step result with what went with it ({ kind: "committed", result }).
  const wrapped = (result as { kind?: unknown; result?: unknown }).kind === "committed" ? (result as { result?: unknown }).result : undefined;
  if (wrapped !== undefined) return stepStatus(wrapped);
  const r = result as { status?: unknown; reason?: unknown };
  if (r.status !== "succeeded" && r.status !== "running" && r.status !== "failed" && r.status !== "errored") return undefined;
  return { status: r.status, ...(typeof r.reason === "string" ? { reason: r.reason } : {}) };
}

