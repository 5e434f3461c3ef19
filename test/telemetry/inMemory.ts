/**
 * OpenTelemetry for tests: the SDK's in-memory exporters registered as the process's global
 * providers (what @azure/monitor-opentelemetry registers on Azure, with Azure Monitor exporters),
 * plus the AsyncLocalStorage context manager the distro's Node SDK installs.
 */
import { context, trace } from "@opentelemetry/api";
import { logs } from "@opentelemetry/api-logs";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";

export interface Captured {
  spans(): ReadableSpan[];
  logs(): ReadableLogRecord[];
}

export function captureTelemetry(): Captured {
  const spanExporter = new InMemorySpanExporter();
  const logExporter = new InMemoryLogRecordExporter();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] }));
  logs.setGlobalLoggerProvider(new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] }));
  return { spans: () => spanExporter.getFinishedSpans(), logs: () => logExporter.getFinishedLogRecords() };
}

/** Everything a span or log record says, as text: what a secret must never be part of. */
export function textOf(item: ReadableSpan | ReadableLogRecord): string {
  if (isSpan(item)) {
    return JSON.stringify({ name: item.name, attributes: item.attributes, status: item.status, events: item.events, links: item.links, resource: item.resource.attributes });
  }
  return JSON.stringify({ body: item.body, attributes: item.attributes, severity: item.severityText });
}

function isSpan(item: ReadableSpan | ReadableLogRecord): item is ReadableSpan {
  return "spanContext" in item && typeof item.spanContext === "function";
}
