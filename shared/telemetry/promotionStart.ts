/**
 * The start of a promotion: a span under the door's (or, for a timer's replay of a kept image, a
 * root), whose traceparent the promotion carries into every activity it runs (carrier.ts).
 */
import { context, isSpanContextValid, SpanStatusCode } from "@opentelemetry/api";
import type { PromotionInput } from "../durable/names.js";
import { promotionAttributes } from "./attributes.js";
import { TRACE_FIELD, type TraceCarrier } from "./carrier.js";
import { startTelemetry } from "./start.js";
import { traceparentOf, tracer } from "./spans.js";

/**
 * Runs `start` with the input plus the carrier of a new "start promotion" span. `start` answers
 * whether it started the promotion or found it running (then the span says so, and the running
 * promotion keeps the trace of the delivery that started it).
 */
export async function tracePromotionStart<R>(instanceId: string, input: PromotionInput, start: (input: PromotionInput) => Promise<R>, outcome: (result: R) => string): Promise<R> {
  await startTelemetry();
  const startedAt = new Date().toISOString();
  return tracer().startActiveSpan("start promotion", {}, context.active(), async (span) => {
    // Telemetry off (no provider): nothing to carry, the promotion's input stays as it was.
    if (!isSpanContextValid(span.spanContext())) {
      span.end();
      return start(input);
    }
    const carrier: TraceCarrier = {
      traceparent: traceparentOf(span),
      promotionId: instanceId,
      pipeline: input.pipeline,
      image: `${input.image.registry}/${input.image.repository}:${input.image.tag}`,
      digest: input.image.digest,
      startedAt,
    };
    span.setAttributes(promotionAttributes(carrier));
    try {
      const result = await start({ ...input, [TRACE_FIELD]: carrier });
      span.setAttribute("baton.delivery", outcome(result));
      return result;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}
