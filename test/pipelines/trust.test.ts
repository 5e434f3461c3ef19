// What a pipelines file may reach (issue 10 points 1, 10, 11; issue 9 point 2): refused at load
// with file:line:field, before anything is read or sent.
import { describe, expect, it } from "vitest";
import { readPipelineTrust } from "../../shared/config/pipelineTrust.js";
import { load, MINIMAL, problemsOf } from "./problems.js";

const STRICT = readPipelineTrust({ BATON_PIPELINE_SECRETS: "GITOPS_* FLUX_RECEIVER_TOKEN", BATON_ALLOWED_HOSTS: "git.contoso.com *.contoso.com" });
const strict = (text: string) => problemsOf(text, ".baton/pipelines.yaml", STRICT);
const withGit = (git: string) => MINIMAL.replace("  git: { repository: acme/gitops }\n", `  git: ${git}\n`);

describe("secrets a pipelines file may name", () => {
  it("refuses Baton's own secrets even where the operator's prefix would match them", () => {
    const all = readPipelineTrust({ BATON_PIPELINE_SECRETS: "B* A* G* F* E*", BATON_ALLOWED_HOSTS: "evil.example" });
    const attack = withGit('{ url: "https://evil.example/evil.git", auth: { kind: basic, username: x, passwordSecret: BATON_OPS_KEYS } }');
    expect(problemsOf(attack, ".baton/pipelines.yaml", all)).toEqual([
      ".baton/pipelines.yaml:3:98: defaults.git.auth.passwordSecret: in stages dev, staging, pre-prod, prod: secret BATON_OPS_KEYS is one of Baton's own or the platform's secrets: a pipelines file may never name it; give the pipeline a secret of its own",
    ]);
    for (const name of ["AzureWebJobsStorage", "GITHUB_WEBHOOK_SECRET", "github-webhook-secret", "FLUX_WEBHOOK_TOKEN_PREVIOUS", "EVENTGRID_WEBHOOK_KEY", "AZURE_CLIENT_SECRET", "IDENTITY_HEADER"]) {
      const file = withGit(`{ repository: acme/gitops, auth: { kind: token, tokenSecret: ${name} } }`);
      expect(problemsOf(file, ".baton/pipelines.yaml", all).join("\n"), name).toContain(`secret ${name} is one of Baton's own`);
    }
  });

  it("refuses names outside the declared set, and the Teams password and pipelines-repository secrets the settings name", () => {
    expect(strict(withGit("{ repository: acme/gitops, auth: { kind: token, tokenSecret: OTHER_TOKEN } }"))).toEqual([
      ".baton/pipelines.yaml:3:69: defaults.git.auth.tokenSecret: in stages dev, staging, pre-prod, prod: secret OTHER_TOKEN is outside the set the operator declared for pipelines (BATON_PIPELINE_SECRETS allows GITOPS_*, FLUX_RECEIVER_TOKEN)",
    ]);
    expect(load(withGit("{ repository: acme/gitops, auth: { kind: token, tokenSecret: GITOPS_TOKEN } }"), STRICT).pipelines).toHaveLength(1);
    const named = readPipelineTrust({ BATON_PIPELINE_SECRETS: "GITOPS_*", BATON_TEAMS_APP_PASSWORD_SECRET: "GITOPS_BOT_PASSWORD" });
    expect(problemsOf(withGit("{ repository: acme/gitops, auth: { kind: token, tokenSecret: GITOPS_BOT_PASSWORD } }"), "f", named).join()).toContain("one of Baton's own");
    expect(problemsOf(withGit("{ repository: acme/gitops, auth: { kind: token, tokenSecret: GITOPS_X } }"), "f", readPipelineTrust({})).join()).toContain("BATON_PIPELINE_SECRETS is not set, so pipelines may name no secrets");
  });

  it("checks every secret reference: receiver, kubeconfig, workflow gate and notify", () => {
    const stage = `${MINIMAL}    stages:
      - name: dev
        readiness:
          receiver: { url: "https://flux.contoso.com/hook/1", tokenSecret: BATON_OPS_KEYS }
          observe: { kind: kubernetes, kubeconfigSecret: KUBECONFIG }
        gates:
          - { kind: workflow, repository: acme/app, workflow: smoke.yml, ref: main, auth: { kind: token, tokenSecret: AzureWebJobsStorage } }
        notify: { workflowWebhookSecret: WEBHOOK_URL }
`;
    const fields = strict(stage).map((p) => p.split(": ")[1]);
    expect(fields).toEqual([
      "pipelines[0].stages[0].readiness.receiver.tokenSecret",
      "pipelines[0].stages[0].readiness.observe.kubeconfigSecret",
      "pipelines[0].stages[0].gates[0].auth.tokenSecret",
      "pipelines[0].stages[0].notify.workflowWebhookSecret",
    ]);
  });

  it("accepts notify.workflowWebhookSecret as a reference (point 10)", () => {
    const config = load(`${MINIMAL}    stages:\n      - name: dev\n        notify: { workflowWebhookSecret: TEAMS_FLOW_URL }\n`);
    expect(config.pipelines[0]?.stages[0]?.notify).toEqual({ workflowWebhookSecret: "TEAMS_FLOW_URL" });
    expect(problemsOf(`${MINIMAL}    stages:\n      - name: dev\n        notify: { workflowWebhook: https://x.example }\n`).join()).toContain("unknown field");
  });
});

describe("hosts a pipelines file may send Baton to", () => {
  it("requires listed hosts and https, naming the field", () => {
    expect(strict(withGit('{ repository: acme/gitops, apiUrl: "http://evil.example/api/v3", auth: { kind: token, tokenSecret: GITOPS_TOKEN } }'))).toEqual([
      ".baton/pipelines.yaml:3:43: defaults.git.apiUrl: in stages dev, staging, pre-prod, prod: expected git.apiUrl to use https (plain http only on loopback)",
    ]);
    expect(strict(withGit('{ url: "https://evil.example/x.git" }'))).toEqual([
      ".baton/pipelines.yaml:3:15: defaults.git.url: in stages dev, staging, pre-prod, prod: git.url names host evil.example, which is not allowed: BATON_ALLOWED_HOSTS allows git.contoso.com, *.contoso.com, api.github.com, dev.azure.com",
    ]);
    expect(load(withGit('{ url: "https://git.contoso.com/x.git" }'), STRICT).pipelines).toHaveLength(1);
    expect(strict(withGit('{ url: "https://contoso.com.evil.example/x.git" }')).join()).toContain("not allowed");
    expect(load(withGit('{ url: "https://GIT.Contoso.com./x.git" }'), STRICT).pipelines).toHaveLength(1);
  });

  it("refuses loopback, link-local and metadata addresses written as IP literals", () => {
    const open = readPipelineTrust({ BATON_ALLOWED_HOSTS: "127.0.0.1 169.254.169.254 10.1.2.3 [::ffff:a9fe:a9fe]" });
    const at = (url: string) => problemsOf(withGit(`{ url: "${url}" }`), "f", open).join("\n");
    expect(at("http://127.0.0.1:8418/gitops.git")).toContain("127.0.0.1 is a loopback address: set BATON_ALLOW_LOOPBACK=true");
    expect(at("https://169.254.169.254/latest")).toContain("169.254.169.254 is a metadata address, which Baton never connects to");
    expect(at("https://[::ffff:a9fe:a9fe]/x")).toContain("is a metadata address");
    expect(at("https://10.1.2.3/x")).toContain("10.1.2.3 is a private address: add its network to BATON_ALLOWED_PRIVATE_NETWORKS");
    const vnet = readPipelineTrust({ BATON_ALLOWED_HOSTS: "10.1.2.3", BATON_ALLOWED_PRIVATE_NETWORKS: "10.1.0.0/16" });
    expect(load(withGit('{ url: "https://10.1.2.3/x.git" }'), vnet).pipelines).toHaveLength(1);
  });

  it("checks receiver, probe and workflow-gate URLs after {stage} is replaced", () => {
    const file = MINIMAL.replace(
      "      readiness:\n",
      `      gates:
        - { kind: httpProbe, url: "https://{stage}.contoso.com/health" }
        - { kind: workflow, repository: acme/app, workflow: smoke.yml, ref: main, apiUrl: "https://ghe.example/api/v3", auth: { kind: none } }
      readiness:
        receiver: { url: "https://flux.{stage}.evil.example/hook", tokenSecret: FLUX_RECEIVER_TOKEN }
`,
    );
    const problems = strict(file).join("\n");
    expect(problems).toContain("template.readiness.receiver.url: in stage dev: the receiver URL names host flux.dev.evil.example");
    expect(problems).toContain("template.gates[1].apiUrl: in stages dev, staging, pre-prod, prod: the workflow gate's apiUrl names host ghe.example");
    expect(problems).not.toContain("gates[0]");
  });
});

describe("the Argo CD API server a stage polls (observe kind argocd)", () => {
  const argocd = (observe: string, extra = "") =>
    MINIMAL.replace("kind: Kustomization, namespace: flux-system", "kind: Application, namespace: argocd").replace("      readiness:\n", `      readiness:\n        observe: ${observe}\n${extra}`);

  it("loads with an allowed https host and a declared token secret, refresh included", () => {
    const config = load(argocd('{ kind: argocd, url: "https://argocd.contoso.com", tokenSecret: GITOPS_ARGOCD_TOKEN, project: web }', "        argocdRefresh: true\n"), STRICT);
    expect(config.pipelines[0]?.stages[0]?.readiness).toMatchObject({
      argocdRefresh: true,
      observe: { kind: "argocd", url: "https://argocd.contoso.com", tokenSecret: "GITOPS_ARGOCD_TOKEN", project: "web" },
    });
    const arm = "{ kind: arm, subscriptionId: s, resourceGroup: rg, clusterName: aks, fluxConfiguration: f, kustomization: k }";
    expect(strict(argocd(arm, "        argocdRefresh: true\n")).join()).toContain("expected observe: { kind: kubernetes, ... } or { kind: argocd, ... }");
  });

  it("refuses an undeclared token secret, a host outside the list, plain http, and a token written in place of its name", () => {
    const refused = strict(argocd('{ kind: argocd, url: "https://argocd-{stage}.evil.example", tokenSecret: ARGOCD_TOKEN }'));
    expect(refused).toHaveLength(5);
    expect(refused[0]).toContain("template.readiness.observe.url: in stage dev: observe.url (the Argo CD API server) names host argocd-dev.evil.example, which is not allowed");
    expect(refused[4]).toContain("template.readiness.observe.tokenSecret: in stages dev, staging, pre-prod, prod: secret ARGOCD_TOKEN is outside the set the operator declared");
    expect(strict(argocd('{ kind: argocd, url: "http://argocd.contoso.com", tokenSecret: GITOPS_ARGOCD_TOKEN }')).join()).toContain("expected observe.url (the Argo CD API server) to use https (plain http only on loopback)");
    const token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJiYXRvbjphcGlLZXkifQ.sig";
    const problems = strict(argocd(`{ kind: argocd, url: "https://argocd.contoso.com", tokenSecret: "${token}" }`)).join("\n");
    expect(problems).toContain("this looks like a secret value");
    expect(problems).not.toContain(token);
  });
});

describe("the Teams serviceUrl the bot's token goes to", () => {
  it("must be an allowed https host", () => {
    const file = `${MINIMAL}    stages:\n      - name: prod\n        approval: { teams: { conversationId: c, serviceUrl: "https://bot.evil.example/", tenantId: t } }\n`;
    expect(strict(file)).toEqual([expect.stringContaining("pipelines[0].stages[0].approval.teams.serviceUrl: the Teams serviceUrl names host bot.evil.example, which is not allowed")]);
    expect(load(file.replace("bot.evil.example", "smba.contoso.com"), STRICT).pipelines).toHaveLength(1);
  });
});

describe("edit paths (point 11)", () => {
  it.each([
    [".git/config", "expected a path outside .git"],
    ["apps/.GIT/hooks/pre-commit", "expected a path outside .git"],
    ["apps//x.yaml", "expected no empty path segments"],
    ["./x.yaml", "expected a path without . or .. segments"],
    ["apps/../x.yaml", "expected a path without . or .. segments"],
    ["/etc/passwd", "expected a path relative to the repository root"],
    ["C:/x.yaml", "expected a path relative to the repository root"],
    ["apps\\\\x.yaml", "not a backslash"],
    ["apps/x.yaml\\0", "without control characters"],
    ["apps/x/", "expected no empty path segments"],
  ])("refuses %s", (file, message) => {
    const text = MINIMAL.replace("file: apps/web/{stage}/kustomization.yaml", `file: "${file}"`);
    expect(problemsOf(text)).toEqual([expect.stringMatching(new RegExp(`^\\.baton/pipelines\\.yaml:9:\\d+: pipelines\\[0\\]\\.template\\.edits\\[0\\]\\.file: in stages dev, staging, pre-prod, prod: .*${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`))]);
  });
});

describe("two pipelines, one image entry (issue 9 point 2)", () => {
  const second = (image: string, target = "{ kind: kustomize }") => `  - name: billing
    source: { image: ${image} }
    template:
      edits:
        - file: apps/web/{stage}/kustomization.yaml
          target: ${target}
      readiness:
        objects:
          - { cluster: "aks-{stage}", kind: Kustomization, namespace: flux-system, name: "billing-{stage}" }
`;

  it("is a configuration error naming both pipelines", () => {
    const problems = problemsOf(`${MINIMAL}${second("myacr.azurecr.io/web")}`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\.baton\/pipelines\.yaml:18:11: pipelines\[1\]\.template\.edits\[0\]: in stage dev: /);
    expect(problems[0]).toContain('pipelines "web" (stage dev) and "billing" (stage dev) both edit the kustomize image myacr.azurecr.io/web in apps/web/dev/kustomization.yaml on branch main');
    const sameEntry = problemsOf(`${MINIMAL}${second("myacr.azurecr.io/billing", "{ kind: kustomize, entry: myacr.azurecr.io/web }")}`);
    expect(sameEntry.join()).toContain('pipelines "web" (stage dev) and "billing" (stage dev) both edit');
  });

  it("lets two pipelines edit different images in the same file", () => {
    const config = load(`${MINIMAL}${second("myacr.azurecr.io/billing")}`);
    expect(config.pipelines.map((p) => p.name)).toEqual(["web", "billing"]);
  });
});
