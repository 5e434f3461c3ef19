/**
 * Azure SDKs refuse bearer tokens over plain http, and our fakes listen on http://127.0.0.1. This
 * HttpClient lets the REAL SDK pipeline (auth, retries, serialisation) run against a fake: it
 * rewrites the https origin the SDK was given to the fake's loopback origin at the last moment.
 */
import { createDefaultHttpClient, type HttpClient, type PipelineRequest } from "@azure/core-rest-pipeline";
import type { Server } from "node:http";

export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}

export function loopbackHttpClient(httpsOrigin: string, port: number): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    sendRequest(request: PipelineRequest) {
      request.url = request.url.replace(httpsOrigin, `http://127.0.0.1:${port}`);
      request.allowInsecureConnection = true;
      return inner.sendRequest(request);
    },
  };
}
