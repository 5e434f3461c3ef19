// Durable Task Scheduler payloads are capped at 1 MB: the pinned pipeline (the one payload that
// grows with user input) is refused with a clear message above it; realistic large pipelines and
// the custom status of a long pipeline stay far below.
import { describe, expect, it } from "vitest";
import { stageInstanceId, type PromotionStatus } from "../../shared/durable/promotionStatus.js";
import { durablePayloadBytes, MAX_DURABLE_PAYLOAD_BYTES, PayloadTooLargeError } from "../../shared/durable/payloadLimit.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import { pinPipeline } from "../../shared/pipelines/config/pin.js";
import { load } from "../pipelines/problems.js";

function pipelinesFile(stages: number, editsPerStage: number, filler = ""): string {
  const stageList = Array.from({ length: stages }, (_, i) => {
    const edits = Array.from({ length: editsPerStage }, (_, j) => `          - file: apps/web/s${i}/f${j}${filler}.yaml\n            target: { kind: kustomize }`).join("\n");
    return `      - name: s${i}\n        edits:\n${edits}`;
  }).join("\n");
  return `version: 1
defaults:
  git: { repository: acme/gitops }
pipelines:
  - name: web
    source: { image: myacr.azurecr.io/web }
    template:
      readiness:
        objects:
          - { cluster: "aks-{stage}", kind: Kustomization, namespace: flux-system, name: "web-{stage}" }
    stages:
${stageList}
`;
}

describe("durable payload sizes", () => {
  it("a large but real pipeline (20 stages of 20 edits) pins well under 1 MB", () => {
    const pinned = pinPipeline(load(pipelinesFile(20, 20)), "web");
    expect(durablePayloadBytes(pinned)).toBeLessThan(MAX_DURABLE_PAYLOAD_BYTES / 4);
  });

  it("a pipeline over the limit is refused with its name and size, not passed to the backend", () => {
    const config = load(pipelinesFile(40, 60, "x".repeat(400)));
    expect(() => pinPipeline(config, "web")).toThrow(PayloadTooLargeError);
    expect(() => pinPipeline(config, "web")).toThrow(/pipeline "web" in \.baton\/pipelines\.yaml is \d+ bytes as JSON, over the durable backend's limit/);
  });

  it("the custom status of a 40-stage promotion stays small", () => {
    const promotionId = promotionInstanceId("payments-settlement-reconciliation-eu01", `sha256:${"a".repeat(64)}`);
    const status: PromotionStatus = {
      promotionId,
      pipeline: "payments-settlement-reconciliation-eu01",
      image: { repository: "x".repeat(200), tag: "t".repeat(128), digest: `sha256:${"a".repeat(64)}` },
      stage: "s39",
      stageInstanceId: stageInstanceId(promotionId, "s39"),
      step: "gates",
      waitingFor: "w".repeat(500),
      since: new Date(0).toISOString(),
      stages: Array.from({ length: 40 }, (_, i) => ({ name: `production-west-europe-blue-green-can${i}`, outcome: "succeeded" as const, commit: "c".repeat(40) })),
    };
    expect(durablePayloadBytes(status)).toBeLessThan(16 * 1024);
  });
});
