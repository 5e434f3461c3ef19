/**
 * The span of a door: the root of the trace of every promotion the delivery starts (the starter
 * adds one child span per promotion and carries it into the orchestration). A traceparent sent by
 * the caller is ignored on purpose: senders are untrusted and must not choose Baton's traces.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, type Attributes } from "@opentelemetry/api";
import { startTelemetry } from "./start.js";
import { tracer } from "./spans.js";

type HttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

export function traceHttpDoor(handler: HttpHandler): HttpHandler {
  return async (request, context) => {
    await startTelemetry();
    const path = new URL(request.url).pathname; // never the query: it may hold a functions key
    const attributes: Attributes = {
      "faas.trigger": "http",
      "faas.invocation_id": context.invocationId,
      "http.request.method": request.method,
      "url.path": path,
      "baton.function": context.functionName,
    };
    return tracer().startActiveSpan(`${request.method} ${path}`, { kind: SpanKind.SERVER, root: true, attributes }, ROOT_CONTEXT, async (span) => {
      try {
        const response = await handler(request, context);
        const status = response.status ?? 200;
        span.setAttribute("http.response.status_code", status);
        // Semantic conventions: a server span is an error only for 5xx (4xx is the client's).
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return response;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
        throw error;
      } finally {
        span.end();
      }
    });
  };
}

/** The span of a non-HTTP door (the Event Grid trigger): the same role as traceHttpDoor's. */
export function traceTriggerDoor<E>(trigger: string, handler: (event: E, context: InvocationContext) => Promise<void>): (event: E, context: InvocationContext) => Promise<void> {
  return async (event, context) => {
    await startTelemetry();
    const attributes: Attributes = { "faas.trigger": "pubsub", "faas.invocation_id": context.invocationId, "baton.function": context.functionName };
    return tracer().startActiveSpan(`${trigger} ${context.functionName}`, { kind: SpanKind.CONSUMER, root: true, attributes }, ROOT_CONTEXT, async (span) => {
      try {
        await handler(event, context);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : "error" });
        throw error;
      } finally {
        span.end();
      }
    });
  };
}
