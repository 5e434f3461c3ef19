import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { load, MINIMAL } from "./problems.js";
import { SCHEMA_PATH, schemaText } from "./writeSchema.js";

const EXAMPLE = "docs/examples/pipelines.yaml";

describe("published JSON Schema", () => {
  it("is the one generated from the loader's schema (regenerate: npx tsx test/pipelines/writeSchema.ts)", () => {
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(schemaText());
  });

  it("validates the example and a minimal file as an editor would, and refuses what the loader refuses", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as object);
    for (const text of [readFileSync(EXAMPLE, "utf8"), MINIMAL]) {
      expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(validate(parse(MINIMAL.replace("version: 1", "version: 2")))).toBe(false);
    expect(validate(parse(MINIMAL.replace("{ repository: acme/gitops }", "{ repository: acme/gitops, token: x }")))).toBe(false);
    expect(validate(parse(MINIMAL.replace("    template:\n", "    template:\n      readiness: { timeout: soon }\n    x:\n")))).toBe(false);
  });

  it("tells editors where the schema is on the example's first line", () => {
    expect(readFileSync(EXAMPLE, "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=../pipelines.schema.json");
  });
});

describe("the shipped example", () => {
  const config = load(readFileSync(EXAMPLE, "utf8"));
  const [orders, storefront] = config.pipelines;

  it("expands three image pipelines of four stages (one a bundle) and a chart pipeline of three", () => {
    expect(config.pipelines.map((p) => [p.name, p.source.registry, p.source.repository, p.stages.map((s) => s.name)])).toEqual([
      ["orders-api", "contosoprod.azurecr.io", "orders/orders-api", ["dev", "staging", "pre-prod", "prod"]],
      ["storefront", "ghcr.io", "contoso/storefront-web", ["dev", "staging", "pre-prod", "prod"]],
      ["payments-chart", "contosoprod.azurecr.io", "helm/payments", ["dev", "staging", "prod"]],
      ["checkout", "contosoprod.azurecr.io", "checkout/web", ["dev", "staging", "pre-prod", "prod"]],
    ]);
    expect(config.pipelines[2]?.source.artifact).toBe("chart");
  });

  it("gives dev a Flux receiver, prod ARM observation, a PR, an approval quorum and pause-then-rollback", () => {
    expect(orders?.stages[0]?.readiness.receiver).toEqual({ url: "https://flux-webhook.dev.contoso.internal/hook/5f0c7e1d9a2b4c6e8f10a3b5c7d9e1f2", tokenSecret: "FLUX_RECEIVER_TOKEN_DEV" });
    const prod = orders?.stages[3];
    expect(prod).toMatchObject({
      writeMode: "pull-request",
      pullRequest: { labels: ["baton", "promotion"], autoMerge: true, timeoutMs: 3 * 86_400_000 },
      readiness: {
        objects: [{ cluster: "aks-prod-weu", kind: "Kustomization", namespace: "flux-system", name: "orders-api-prod" }],
        timeoutMs: 30 * 60_000,
        observe: { kind: "arm", clusterName: "aks-prod-weu", clusterType: "managedClusters", fluxConfiguration: "cluster-config", kustomization: "orders-api-prod" },
      },
      approval: { required: true, quorum: 2, timeoutMs: 2 * 86_400_000 },
      onFailure: { action: "pause", timeoutMs: 4 * 3_600_000, onTimeout: "rollback" },
      autoPromote: false,
    });
    expect(prod?.gates.map((g) => g.kind)).toEqual(["soak", "httpProbe"]);
    expect(orders?.stages[1]).toMatchObject({ writeMode: "commit", onFailure: { action: "rollback" }, autoPromote: true });
    expect(orders?.stages[1]?.gates).toEqual([
      { kind: "httpProbe", name: "health", url: "https://orders.staging.contoso.internal/healthz", method: "GET", expectStatus: [200], bodyMatch: '"status":\\s*"ok"', successes: 3, intervalMs: 20_000, attemptTimeoutMs: 10_000, deadlineMs: 600_000 },
    ]);
  });

  it("promotes the checkout frontend and its API as a bundle, by tag, one edit each", () => {
    const checkout = config.pipelines[3];
    expect(checkout?.source.bundle).toEqual({
      members: [
        { name: "web", registry: "contosoprod.azurecr.io", repository: "checkout/web" },
        { name: "api", registry: "ghcr.io", repository: "contoso/checkout-api" },
      ],
      together: "tag",
      windowMs: 20 * 60_000,
    });
    expect(checkout?.stages[0]?.edits.map((e) => e.image ?? "(primary)")).toEqual(["(primary)", "api"]);
  });

  it("edits HelmRelease values in another repository, inheriting the App auth", () => {
    const staging = storefront?.stages[1];
    expect(storefront?.supersede).toBe("queue");
    expect(staging?.repository).toEqual({
      provider: "github",
      repository: "contoso/storefront-deploy",
      branch: "main",
      auth: { kind: "github-app", appId: 912345, installationId: 55501234, privateKeySecret: "GITOPS_APP_PRIVATE_KEY" },
    });
    expect(staging?.edits).toEqual([
      {
        file: "clusters/staging/storefront/helmrelease.yaml",
        target: { kind: "values", document: { kind: "HelmRelease", name: "storefront" }, fields: [{ path: "spec.values.image.repository", form: "name" }, { path: "spec.values.image.tag", form: "version" }] },
      },
    ]);
    expect(staging?.onFailure).toEqual({ action: "pause", timeoutMs: 2 * 3_600_000, onTimeout: "abort" });
    expect(storefront?.stages[3]?.approval).toEqual({ required: true, approvers: ["storefront-owners@contoso.com", "release-managers@contoso.com"], quorum: 1, timeoutMs: 86_400_000, onExpiry: "reject", escalateTo: [], separationOfDuties: true, identities: {} });
  });
});
