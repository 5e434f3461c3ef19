/**
 * What the benchmarks send Baton from outside, in the exact formats of the real senders: an ACR
 * push through Event Grid, and Flux's notification-controller saying a Kustomization is Ready.
 * Also a loopback proxy in front of the git server that adds up the time a request was in flight,
 * so Baton's own time can be told apart from the git server's.
 */
import { createHmac } from "node:crypto";
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { BatonProcess } from "./batonProcess.js";

export const FLUX_TOKEN = "flux-bench-token-0123456789";
export const REGISTRY = "myacr.azurecr.io";

/** ACR's ImagePushed event, delivered by Event Grid to the host's Event Grid webhook. */
export async function acrPush(host: BatonProcess, repository: string, tag: string, digest: string): Promise<void> {
  const at = new Date().toISOString();
  const event = {
    id: `evt-${repository}-${tag}-${digest.slice(-8)}`,
    topic: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr",
    subject: `${repository}:${tag}`,
    eventType: "Microsoft.ContainerRegistry.ImagePushed",
    eventTime: at,
    dataVersion: "1.0",
    metadataVersion: "1",
    data: {
      id: `push-${repository}-${tag}`,
      timestamp: at,
      action: "push",
      location: "westeurope",
      target: { mediaType: "application/vnd.docker.distribution.manifest.v2+json", size: 3023, length: 3023, digest, repository, tag },
      request: { id: `req-${repository}-${tag}`, host: REGISTRY, method: "PUT", useragent: "docker/24.0" },
    },
  };
  const res = await host.fetch("/runtime/webhooks/eventgrid?functionName=acrImagePushed", {
    method: "POST",
    headers: { "content-type": "application/json", "aeg-event-type": "Notification" },
    body: JSON.stringify([event]),
  });
  if (res.status >= 300) throw new Error(`ACR push ${repository}:${tag} answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}

/** Flux reports a Kustomization Ready at `revision` (a generic-hmac provider, signed). */
export async function fluxReady(host: BatonProcess, cluster: string, name: string, sha: string, branch = "main"): Promise<void> {
  const body = JSON.stringify({
    involvedObject: { kind: "Kustomization", namespace: "flux-system", name, uid: `uid-${name}`, apiVersion: "kustomize.toolkit.fluxcd.io/v1", resourceVersion: "1" },
    severity: "info",
    timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    message: "Reconciliation finished in 2.31s, next run in 10m0s",
    reason: "ReconciliationSucceeded",
    metadata: { revision: `${branch}@sha1:${sha}` },
    reportingController: "kustomize-controller",
    reportingInstance: "kustomize-controller-7c7b47f5f-8bhrp",
  });
  const signature = `sha256=${createHmac("sha256", FLUX_TOKEN).update(body).digest("hex")}`;
  const res = await host.fetch(`/api/ingest/flux/${cluster}`, {
    method: "POST",
    headers: { "content-type": "application/json", "gotk-component": "kustomize-controller", "x-signature": signature },
    body,
  });
  if (res.status >= 300) throw new Error(`Flux report for ${name} answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}

export interface BusyProxy {
  /** The proxy's origin; put it where the git server's would be. */
  origin: string;
  /** Milliseconds during which at least one request was in flight, since the start. */
  busyMs(): number;
  close(): Promise<void>;
}

/** Forwards every request to `target` and adds up the time at least one was in flight. */
export async function busyProxy(target: string): Promise<BusyProxy> {
  const upstream = new URL(target);
  let inFlight = 0;
  let since = 0;
  let busy = 0;
  const begin = (): void => {
    if (inFlight++ === 0) since = performance.now();
  };
  const end = (): void => {
    if (--inFlight === 0) busy += performance.now() - since;
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    begin();
    let ended = false;
    const finish = (): void => {
      if (!ended) {
        ended = true;
        end();
      }
    };
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on("end", finish);
    });
    out.on("error", () => {
      finish();
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    res.on("close", finish);
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    busyMs: () => busy + (inFlight > 0 ? performance.now() - since : 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
