// The shipped Argo CD example (docs/examples/argocd.yaml) is valid for the JSON Schema and for the
// loader under the trust settings its header names, and says what docs/argocd.md says.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readPipelineTrust } from "../../shared/config/pipelineTrust.js";
import { load } from "./problems.js";
import { SCHEMA_PATH } from "./writeSchema.js";

const EXAMPLE = "docs/examples/argocd.yaml";

describe("the Argo CD example", () => {
  it("passes the JSON Schema and loads with its host and secret allowed", () => {
    const text = readFileSync(EXAMPLE, "utf8");
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as object);
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    const trust = readPipelineTrust({ BATON_ALLOWED_HOSTS: "argocd.contoso.com", BATON_PIPELINE_SECRETS: "ARGOCD_BATON_TOKEN GITOPS_GITHUB_TOKEN" });
    const [pipeline] = load(text, trust).pipelines;
    expect(pipeline?.stages.map((s) => s.name)).toEqual(["dev", "staging", "prod"]);
    const staging = pipeline?.stages[1];
    expect(staging?.readiness.objects).toEqual([{ cluster: "aks-staging", kind: "Application", namespace: "argocd", name: "orders-api-staging" }]);
    expect(staging?.readiness.observe).toMatchObject({ kind: "argocd", url: "https://argocd.contoso.com", tokenSecret: "ARGOCD_BATON_TOKEN", project: "orders" });
    expect(staging?.readiness.argocdRefresh).toBe(true);
  });

  it("is refused when the operator did not allow the Argo CD host", () => {
    const text = readFileSync(EXAMPLE, "utf8");
    expect(() => load(text, readPipelineTrust({ BATON_PIPELINE_SECRETS: "ARGOCD_BATON_TOKEN GITOPS_GITHUB_TOKEN" }))).toThrow(/argocd\.contoso\.com/);
  });
});
