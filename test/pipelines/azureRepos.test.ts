// The pipelines file names an Azure Repos repository: provider azure-devops, its URL in one
// canonical spelling, a PAT or the app's identity, and pull-request options.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readPipelineTrust } from "../../shared/config/pipelineTrust.js";
import { load, problemsOf } from "./problems.js";
import { SCHEMA_PATH } from "./writeSchema.js";

const EXAMPLE = "docs/examples/azureRepos.yaml";

function file(git: string, extra = ""): string {
  return `version: 1
defaults:
  git: ${git}
pipelines:
  - name: web
    source: { image: myacr.azurecr.io/web }
    template:
      edits:
        - file: apps/web/{stage}/kustomization.yaml
          target: { kind: kustomize }
      readiness:
        objects:
          - { cluster: "aks-{stage}", kind: Kustomization, namespace: flux-system, name: "web-{stage}" }
${extra}`;
}

describe("Azure Repos in the pipelines file", () => {
  it("loads the shipped example, which the JSON Schema accepts too", () => {
    const text = readFileSync(EXAMPLE, "utf8");
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as object);
    expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(true);
    // dev.azure.com needs no BATON_ALLOWED_HOSTS entry, as api.github.com does not.
    const [pipeline] = load(text, readPipelineTrust({})).pipelines;
    const prod = pipeline?.stages.find((s) => s.name === "prod");
    expect(prod?.repository).toEqual({ provider: "azure-devops", url: "https://dev.azure.com/contoso/platform/_git/gitops", branch: "main", auth: { kind: "entra" } });
    expect(prod?.writeMode).toBe("pull-request");
    expect(prod?.pullRequest).toEqual({ labels: ["baton", "promotion"], autoMerge: true, timeoutMs: 3 * 86_400_000, mergeMethod: "squash", deleteSourceBranch: true, pollIntervalMs: 120_000 });
  });

  it("keeps the URL in its canonical spelling (legacy host, user info, encoded segments)", () => {
    const config = load(file(`{ provider: azure-devops, url: "https://contoso@contoso.visualstudio.com/My%20Project/_git/gitops", auth: { kind: token, tokenSecret: AZDO_PAT } }`));
    expect(config.pipelines[0]?.stages[0]?.repository).toEqual({
      provider: "azure-devops",
      url: "https://dev.azure.com/contoso/My Project/_git/gitops",
      branch: "main",
      auth: { kind: "token", tokenSecret: "AZDO_PAT" },
    });
  });

  it("refuses what Azure Repos cannot take, naming the field", () => {
    expect(problemsOf(file(`{ provider: azure-devops, url: "https://dev.azure.com/contoso/platform/gitops", auth: { kind: entra } }`))).toEqual([
      expect.stringMatching(/defaults\.git\.url: in stages .*: "https:\/\/dev\.azure\.com\/contoso\/platform\/gitops" is not an Azure Repos URL/) as string,
    ]);
    expect(problemsOf(file(`{ provider: azure-devops, url: "https://dev.azure.com/contoso/platform/_git/gitops", auth: { kind: none } }`)).join("\n")).toMatch(
      /git\.auth: .*expected \{ kind: token, tokenSecret: NAME \} \(a personal access token with Code read & write\) or \{ kind: entra \}/,
    );
    expect(problemsOf(file(`{ provider: azure-devops, repository: contoso/gitops, auth: { kind: entra } }`)).join("\n")).toMatch(/git\.repository: .*expected git\.url with provider azure-devops/);
    expect(problemsOf(file(`{ repository: acme/gitops, auth: { kind: entra } }`)).join("\n")).toMatch(/git\.auth: .*Entra identity authenticates to Azure Repos .* only/);
    // A password in the URL is a credential, refused as for any git URL.
    expect(problemsOf(file(`{ provider: azure-devops, url: "https://me:pat@dev.azure.com/contoso/platform/_git/gitops", auth: { kind: entra } }`)).join("\n")).toMatch(/git\.url: .*expected git\.url without credentials/);
  });

  it("still holds other hosts to BATON_ALLOWED_HOSTS (Azure DevOps Server)", () => {
    const problems = problemsOf(file(`{ provider: azure-devops, url: "https://tfs.fabrikam.example/tfs/DefaultCollection/platform/_git/gitops", auth: { kind: token, tokenSecret: AZDO_PAT } }`), ".baton/pipelines.yaml", readPipelineTrust({ BATON_PIPELINE_SECRETS: "AZDO_PAT" }));
    expect(problems.join("\n")).toMatch(/git\.url: .*tfs\.fabrikam\.example/);
  });
});
