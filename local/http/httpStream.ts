/**
 * HTTP triggers with streaming (`app.setup({ enableHttpStream: true })`). The library then runs its
 * own HTTP server (the `HttpUri` capability) and the Functions host forwards each request there,
 * tagged with the invocation id, while it invokes the function over RPC; the function reads the
 * forwarded request as a stream and writes its response onto that connection. The host relays it
 * to the client as it comes.
 */
import { randomUUID } from "node:crypto";
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { invokeFunction, type FunctionLog } from "../core/invoke.js";
import type { LoadedApp } from "../core/loadApp.js";
import type { RpcParameterBinding, RpcTypedData } from "../core/types.js";
import type { HttpRoute } from "./httpTrigger.js";
import { flatHeaders } from "./io.js";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "x-ms-invocation-id"]);

export async function invokeStreamingHttpTrigger(
  app: LoadedApp,
  httpUri: string,
  route: HttpRoute,
  params: Record<string, string>,
  req: IncomingMessage,
  url: URL,
  extraInputs: RpcParameterBinding[],
  log: FunctionLog,
  res: ServerResponse,
): Promise<void> {
  const invocationId = randomUUID();
  const headers = flatHeaders(req);
  // The library takes headers and route parameters from the trigger metadata, the rest from the proxied request.
  const triggerMetadata: Record<string, RpcTypedData> = { Headers: { json: JSON.stringify(headers) } };
  for (const [k, v] of Object.entries(params)) triggerMetadata[k] = { string: v };

  const target = new URL(`${url.pathname}${url.search}`, httpUri);
  const forwarded = httpRequest(target, {
    method: req.method ?? "GET",
    headers: { ...req.headers, host: target.host, "x-ms-invocation-id": invocationId, "x-forwarded-host": url.host, "x-forwarded-proto": url.protocol.replace(":", "") },
  });
  let relayStarted = false;
  const relay = new Promise<void>((resolve, reject) => {
    forwarded.once("error", reject);
    forwarded.once("response", (proxied) => {
      relayStarted = true;
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(proxied.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
      res.writeHead(proxied.statusCode ?? 200, out);
      pipeline(proxied, res).then(resolve, reject);
    });
  });
  relay.catch(() => undefined); // awaited below; a failed invocation decides what the client sees
  req.pipe(forwarded);

  let result: unknown;
  try {
    await invokeFunction(
      app,
      route.fn,
      { invocationId, triggerMetadata, inputData: [{ name: route.triggerName, data: { http: {} } }, ...extraInputs], onResult: (r) => (result = r) },
      log,
    );
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(route.fn.metadata.name, "error", "user", `Executed '${route.fn.metadata.name}' (Failed): ${message}`);
    if (relayStarted) res.destroy();
    else {
      forwarded.destroy();
      res.writeHead(500);
      res.end();
    }
    return;
  }
  if (result === undefined || result === null) {
    // Nothing to send: the library never answers the forwarded request (the non-streaming path gives 204).
    forwarded.destroy();
    if (!relayStarted) {
      res.writeHead(204);
      res.end();
    }
    return;
  }
  await relay;
}
