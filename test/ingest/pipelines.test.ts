import { describe, expect, it } from "vitest";
import { parsePipelines } from "../../shared/pipelines/load.js";
import { createPipelineLookup } from "../../shared/pipelines/lookup.js";
import { promotionInstanceId } from "../../shared/ingest/intake/instanceId.js";

const yaml = `
pipelines:
  - name: orders
    source: { registry: MyACR.azurecr.io, repository: Orders-API, tags: { kind: semver, range: "^1.4.0" } }
  - name: orders-rc
    source: { registry: myacr.azurecr.io, repository: orders-api, tags: { kind: semver, range: "^1.5.0-0", includePrerelease: true } }
  - name: nightly
    source: { registry: ghcr.io, repository: acme/orders-api, tags: { kind: regex, pattern: "nightly-\\\\d{8}" } }
  - name: anything
    source: { registry: ghcr.io, repository: acme/tools }
`;

describe("pipeline lookup", () => {
  const lookup = createPipelineLookup(parsePipelines(yaml, "test.yaml"));
  const image = (registry: string, repository: string, tag: string) => ({ registry, repository, tag });

  it("matches registry and repository case-insensitively and applies semver ranges", () => {
    expect(lookup.forImage(image("myacr.azurecr.io", "orders-api", "1.4.7")).matches.map((p) => p.name)).toEqual(["orders"]);
    expect(lookup.forImage(image("myacr.azurecr.io", "orders-api", "v1.4.7")).matches.map((p) => p.name)).toEqual(["orders"]);
    expect(lookup.forImage(image("myacr.azurecr.io", "orders-api", "1.5.0-rc.1")).matches.map((p) => p.name)).toEqual(["orders-rc"]);
    expect(lookup.forImage(image("myacr.azurecr.io", "orders-api", "2.0.0")).refusals).toEqual([
      { pipeline: "orders", reason: "version 2.0.0 is outside ^1.4.0" },
      { pipeline: "orders-rc", reason: "version 2.0.0 is outside ^1.5.0-0" },
    ]);
  });

  it("anchors regex policies and defaults to any tag", () => {
    expect(lookup.forImage(image("ghcr.io", "acme/orders-api", "nightly-20260301")).matches).toHaveLength(1);
    expect(lookup.forImage(image("ghcr.io", "acme/orders-api", "x-nightly-20260301")).refusals[0]?.reason).toMatch(/does not match/);
    expect(lookup.forImage(image("ghcr.io", "acme/tools", "whatever")).matches.map((p) => p.name)).toEqual(["anything"]);
  });

  it("says when no pipeline watches the repository", () => {
    expect(lookup.forImage(image("docker.io", "library/nginx", "1.0.0"))).toEqual({
      matches: [],
      refusals: [{ pipeline: "*", reason: "no pipeline watches docker.io/library/nginx" }],
    });
  });

  it("rejects bad configuration naming the field", () => {
    expect(() => parsePipelines("pipelines: [{ name: Bad Name, source: { registry: r, repository: x } }]", "BATON_PIPELINES")).toThrow(/BATON_PIPELINES: pipelines.0.name/);
    expect(() => parsePipelines('{"pipelines":[{"name":"a","source":{"registry":"r","repository":"x","tags":{"kind":"semver","range":"nope"}}}]}', "f.json")).toThrow(/not a valid semver range/);
    expect(() => parsePipelines("pipelines: [{ name: a, source: { registry: r, repository: x, tags: { kind: regex, pattern: '(' } } }]", "f")).toThrow(/not a valid regular expression/);
    expect(() => parsePipelines("pipelines: [{ name: a, source: { registry: r, repository: x } }, { name: a, source: { registry: r, repository: y } }]", "f")).toThrow(/unique/);
  });
});

describe("promotion instance id", () => {
  it("is deterministic, URL-safe and distinct per pipeline and digest", () => {
    const digest = "sha256:213bbc182920ab41e18edc2001e06abcca6735d87782d9cef68abd83941cf0e5";
    expect(promotionInstanceId("orders", digest)).toBe("promo-orders-sha256-213bbc182920ab41e18edc2001e06abcca6735d87782d9cef68abd83941cf0e5");
    expect(promotionInstanceId("orders", digest)).not.toBe(promotionInstanceId("orders-rc", digest));
    expect(promotionInstanceId("orders", "sha256:ABC=_x")).toMatch(/^promo-orders-h-[0-9a-f]{64}$/);
  });
});
