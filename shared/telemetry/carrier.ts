/**
 * What a promotion carries so that every span it causes joins one trace. The door that starts a
 * promotion puts this in the orchestration input; the orchestrations copy it, unchanged and
 * without reading the world, into each activity input (orchestrations/flow.ts). Spans are emitted
 * only where code runs once per event (doors, activity invocations), never from orchestrator code,
 * which replays. Plain JSON: it crosses durable history. Holds no secret: names, ids, times.
 */
export interface TraceCarrier {
  /** W3C traceparent of the span that started the promotion (a child of the door's span). */
  traceparent: string;
  promotionId: string;
  pipeline: string;
  /** registry/repository:tag */
  image: string;
  digest: string;
  /** When the promotion was started (ISO), for the promotion span at its end. */
  startedAt: string;
  /** Set by the promotion orchestration on the stage's input. */
  stage?: string;
  /** When the promotion handed the stage over (orchestration time, ISO), for the stage span. */
  stageStartedAt?: string;
}

/** The input field that carries it, on orchestration inputs and activity inputs alike. */
export const TRACE_FIELD = "trace";

export interface Traced {
  [TRACE_FIELD]?: TraceCarrier;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

export interface SpanIds {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

/** W3C Trace Context version 00: `00-<trace id>-<parent id>-<flags>`. */
export function formatTraceparent(ids: SpanIds): string {
  return `00-${ids.traceId}-${ids.spanId}-${ids.sampled ? "01" : "00"}`;
}

/** The ids of a traceparent, or undefined for anything malformed or all-zero (spec: invalid). */
export function parseTraceparent(value: string): SpanIds | undefined {
  const m = TRACEPARENT.exec(value);
  if (!m || m[1] === ZERO_TRACE || m[2] === ZERO_SPAN) return undefined;
  return { traceId: m[1] ?? "", spanId: m[2] ?? "", sampled: (parseInt(m[3] ?? "0", 16) & 1) === 1 };
}

/** The carrier an input holds, if it is a well-formed one (inputs cross durable history). */
export function carrierOf(input: unknown): TraceCarrier | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const value: unknown = (input as Record<string, unknown>)[TRACE_FIELD];
  if (typeof value !== "object" || value === null) return undefined;
  const c = value as Partial<TraceCarrier>;
  return typeof c.traceparent === "string" && typeof c.promotionId === "string" && typeof c.pipeline === "string" ? (value as TraceCarrier) : undefined;
}

/** The input with the carrier added (objects only: every activity input is one). */
export function withCarrier<T>(input: T, carrier: TraceCarrier | undefined): T {
  if (!carrier || typeof input !== "object" || input === null || Array.isArray(input)) return input;
  return { ...input, [TRACE_FIELD]: carrier };
}

/** The input without the carrier, as the activity's own code expects it. */
export function withoutCarrier(input: unknown): unknown {
  if (typeof input !== "object" || input === null || !(TRACE_FIELD in input)) return input;
  const { [TRACE_FIELD]: _carrier, ...rest } = input as Record<string, unknown>;
  return rest;
}
