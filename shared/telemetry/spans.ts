/** Baton's tracer and logger, and the way from a carrier back to a parent context. */
import { context, ROOT_CONTEXT, trace, TraceFlags, type Context, type Span } from "@opentelemetry/api";
import { logs, SeverityNumber, type AnyValueMap } from "@opentelemetry/api-logs";
import { formatTraceparent, parseTraceparent, type TraceCarrier } from "./carrier.js";

export const TRACER_NAME = "baton";

export const tracer = () => trace.getTracer(TRACER_NAME);

/** The context whose parent is the span that started the promotion; the root context without one. */
export function parentOf(carrier: TraceCarrier | undefined): Context {
  const ids = carrier ? parseTraceparent(carrier.traceparent) : undefined;
  if (!ids) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: ids.traceId,
    spanId: ids.spanId,
    traceFlags: ids.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
}

/** The traceparent of a span, to carry it across durable history. */
export function traceparentOf(span: Span): string {
  const sc = span.spanContext();
  return formatTraceparent({ traceId: sc.traceId, spanId: sc.spanId, sampled: (sc.traceFlags & 1) === 1 });
}

/** One log record in the active span's trace, with the promotion's attributes (App Insights `traces`). */
export function logInTrace(body: string, attributes: AnyValueMap, severity: "info" | "warn" = "info"): void {
  logs.getLogger(TRACER_NAME).emit({
    severityNumber: severity === "info" ? SeverityNumber.INFO : SeverityNumber.WARN,
    severityText: severity === "info" ? "INFO" : "WARN",
    body,
    attributes,
    context: context.active(),
  });
}
