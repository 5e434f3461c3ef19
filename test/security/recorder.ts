// A loopback listener that records everything it receives: the stand-in for an attacker's server
// (or an internal one) in the security tests, which assert it received nothing carrying a secret.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll, beforeAll } from "vitest";
import { listenOnLoopback } from "../support/loopbackHttpClient.js";
import type { StageConfig } from "../../shared/pipelines/config/model.js";
import type { StageInput } from "../../orchestrations/stage/run.js";

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface Recorder {
  port: number;
  received: Received[];
  /** Everything received, as one string: to search for a secret in any form. */
  text(): string;
}

/** Starts before the tests of the file and stops after them. */
export function useRecorder(answer: (req: IncomingMessage, res: ServerResponse) => void = (_q, res) => res.writeHead(200).end("ok")): () => Recorder {
  const recorder: Recorder = { port: 0, received: [], text: () => JSON.stringify(recorder.received) };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      recorder.received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString() });
      answer(req, res);
    });
  });
  beforeAll(async () => {
    recorder.port = await listenOnLoopback(server);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return () => recorder;
}

/** A stage as a pinned pipeline would hand it over, for starting the stage orchestration by hand. */
export function handStartedStage(promotionId: string, stage: Partial<StageConfig> & Pick<StageConfig, "repository">): StageInput {
  return {
    promotionId,
    pipeline: { name: "evil", supersede: "newest-wins" },
    stage: {
      name: "dev",
      writeMode: "commit",
      edits: [{ file: "apps/orders-api/overlays/dev/kustomization.yaml", target: { kind: "kustomize" } }],
      readiness: { objects: [{ cluster: "aks-dev", kind: "Kustomization", namespace: "flux-system", name: "orders-api-dev" }], timeoutMs: 60_000 },
      gates: [],
      gateMode: "sequence",
      onFailure: { action: "abort" },
      autoPromote: true,
      ...stage,
    },
    image: {
      kind: "image.published",
      registry: "myacr.azurecr.io",
      repository: "orders-api",
      tag: "6.6.6",
      digest: `sha256:${"e".repeat(64)}`,
      publishedAt: "2026-03-01T00:00:00Z",
      source: "acr-eventgrid",
      deliveryId: `evil-${promotionId}`,
    },
    stagesDone: [],
  };
}
