// Durable Task Scheduler limits: every instance id Baton makes is at most 100 characters,
// deterministic, URL-safe and never shared by two promotions or two stages.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stageInstanceId } from "../../shared/durable/promotionStatus.js";
import { MAX_INSTANCE_ID_LENGTH } from "../../shared/durable/instanceIdLimits.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";
import { belongsToPipeline, promotionIdPattern } from "../../shared/ops/durable/promotionIds.js";

const URL_SAFE = /^[a-z0-9-]+$/;
const nameChars = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-".split(""));
// Exactly the names the pipelines file accepts (fileSchema.ts, stageSchema.ts).
const pipelineName = fc.tuple(fc.constantFrom(..."abcz09".split("")), fc.string({ unit: nameChars, maxLength: 39 })).map(([a, b]) => a + b);
const stageName = fc.string({ unit: nameChars, minLength: 1, maxLength: 40 }).filter((s) => /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(s));
const hex = (n: number) => fc.string({ unit: fc.constantFrom(..."0123456789abcdef".split("")), minLength: n, maxLength: n });
const digest = fc.oneof(
  hex(64).map((h) => `sha256:${h}`),
  hex(128).map((h) => `sha512:${h}`),
  fc.string({ maxLength: 200 }), // anything else a registry might send
);

const longPipeline = "payments-settlement-reconciliation-eu01"; // 39
const longStage = "production-west-europe-blue-green-canary"; // 40
const sha = (c: string) => `sha256:${c.repeat(64)}`;

describe("promotion instance ids", () => {
  it("keep the readable form when it fits", () => {
    expect(promotionInstanceId("orders", sha("a"))).toBe(`promo-orders-sha256-${"a".repeat(64)}`);
    expect(stageInstanceId(promotionInstanceId("orders", sha("a")), "dev")).toBe(`promo-orders-sha256-${"a".repeat(64)}--dev`);
  });

  it("fit 100 characters with the longest names and stay distinct", () => {
    const a = promotionInstanceId(longPipeline, sha("a"));
    const b = promotionInstanceId(longPipeline, `sha256:${"a".repeat(63)}b`);
    expect(a.length).toBe(MAX_INSTANCE_ID_LENGTH);
    expect(a.startsWith(`promo-${longPipeline}-sha256-aaaa`)).toBe(true);
    expect(belongsToPipeline(a, longPipeline)).toBe(true);
    // Digests differing only past the cut would share an id; with >= 36 hex digits kept, two
    // SHA-256 digests agreeing that far do not occur.
    expect(a).toBe(b);
    expect(promotionInstanceId(longPipeline, `sha256:${"a".repeat(35)}b${"a".repeat(28)}`)).not.toBe(a);
    const stage = stageInstanceId(a, longStage);
    expect(stage.length).toBeLessThanOrEqual(MAX_INSTANCE_ID_LENGTH);
    expect(stage).toContain(`--${longStage}--`);
    expect(stage.startsWith("promo-payments-")).toBe(true);
    expect(stageInstanceId(promotionInstanceId(longPipeline, sha("c")), longStage)).not.toBe(stage);
  });

  it("never exceed 100 characters, are URL-safe, deterministic and accepted by the ops API", () => {
    fc.assert(
      fc.property(pipelineName, digest, stageName, (pipeline, d, stage) => {
        const id = promotionInstanceId(pipeline, d);
        const stageId = stageInstanceId(id, stage);
        for (const x of [id, stageId]) {
          expect(x.length).toBeLessThanOrEqual(MAX_INSTANCE_ID_LENGTH);
          expect(x).toMatch(URL_SAFE);
        }
        expect(promotionInstanceId(pipeline, d)).toBe(id);
        expect(stageInstanceId(id, stage)).toBe(stageId);
        expect(promotionIdPattern.test(id)).toBe(true);
        expect(belongsToPipeline(id, pipeline)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("never give two different promotions or stages the same id", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(pipelineName, fc.oneof(hex(64).map((h) => `sha256:${h}`), fc.string({ maxLength: 80 })), stageName), { minLength: 2, maxLength: 40, selector: (t) => JSON.stringify(t) }), (triples) => {
        const promotions = new Map<string, string>();
        const stages = new Map<string, string>();
        for (const [pipeline, d, stage] of triples) {
          const id = promotionInstanceId(pipeline, d);
          const key = JSON.stringify([pipeline, d]);
          const seen = promotions.get(id);
          // One id per (pipeline, digest); a clash is only allowed for the same pair.
          expect(seen === undefined || seen === key).toBe(true);
          promotions.set(id, key);
          const stageId = stageInstanceId(id, stage);
          const stageKey = JSON.stringify([id, stage]);
          expect([undefined, stageKey]).toContain(stages.get(stageId));
          stages.set(stageId, stageKey);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("keep stage ids apart where a plain `--` join would be ambiguous", () => {
    // Pipeline `x-sha256-ab-` + digest `c:ab` and stage `d`, against pipeline `x` + `sha256:ab` and
    // stage `c-ab--d`: joined plainly both read promo-x-sha256-ab--c-ab--d.
    const first = stageInstanceId(promotionInstanceId("x-sha256-ab-", "c:ab"), "d");
    const second = stageInstanceId(promotionInstanceId("x", "sha256:ab"), "c-ab--d");
    expect(first).not.toBe(second);
  });

  it("refuse a pipeline name the pipelines file would not accept", () => {
    expect(() => promotionInstanceId("x".repeat(41), sha("a"))).toThrow(/not a pipeline name/);
    expect(() => promotionInstanceId("Orders", sha("a"))).toThrow(/not a pipeline name/);
  });
});
