// baton-setup turns the pipelines file into what Flux, GitHub and Event Grid need. The Flux
// manifests are validated against the notification-controller CRD schemas (fixture, v1.9.3), the
// Alerts list exactly the pipeline's objects, and the Flux address and Receiver paths are the ones
// Baton and Flux use.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { loadPipelineConfig } from "../../shared/pipelines/config/load.js";
import { TEST_TRUST, TEST_TRUST_ENV } from "../pipelines/trust.js";
import { receiverWebhookPath } from "../../shared/setup/fluxManifests.js";
import { GITHUB_APP_PERMISSIONS, GITHUB_EVENTS } from "../../shared/setup/githubSetup.js";
import { runSetup, type SetupIo } from "../../shared/setup/run.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const CRDS = JSON.parse(readFileSync(join(root, "test/setup/fixtures/fluxNotificationCrds.json"), "utf8")) as { schemas: Record<string, object> };
const URL_BASE = "https://func-baton-abc.azurewebsites.net";
const FLUX_TOKEN = "4f2a9c0d7e1b3a5c6d8e0f1a2b3c4d5e";
const RECEIVER_TOKEN = "d1c2b3a4f5e6d7c8b9a0";

// The example pipelines, with the dev Receiver URL set to the path Flux computes for its token.
function pipelinesText(): string {
  const example = readFileSync(join(root, "docs/examples/pipelines.yaml"), "utf8");
  return example.replace(/https:\/\/flux-webhook\.dev\.contoso\.internal\/hook\/[0-9a-f]+/, `https://flux-webhook.dev.contoso.internal${receiverWebhookPath(RECEIVER_TOKEN, "baton", "flux-system")}`);
}

function io(files: Record<string, string>, env: Record<string, string | undefined>): SetupIo & { out: string[]; err: string[]; written: Record<string, string> } {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  return {
    out,
    err,
    written,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: (p) => Promise.resolve(files[p]),
    writeFile: (p, t) => {
      written[p] = t;
      return Promise.resolve();
    },
    mkdir: () => Promise.resolve(),
    env: { ...TEST_TRUST_ENV, ...env },
  };
}

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec?: Record<string, unknown>; stringData?: Record<string, string>; cluster: string };

async function clusterDocs(env: Record<string, string | undefined>): Promise<{ docs: Doc[]; stderr: string }> {
  const world = io({ "pipelines.yaml": pipelinesText() }, env);
  expect(await runSetup(["clusters", "--pipelines", "pipelines.yaml", "--url", URL_BASE, "--out", "out"], world)).toBe(0);
  const docs = Object.entries(world.written).flatMap(([file, text]) => parseAllDocuments(text).map((d) => ({ ...(d.toJS() as Doc), cluster: file.replace(/^out\/|\.yaml$/g, "") })));
  return { docs, stderr: world.err.join("") };
}

describe("baton-setup clusters", () => {
  it("writes manifests valid against the Flux notification-controller CRDs", async () => {
    const { docs } = await clusterDocs({ FLUX_WEBHOOK_TOKEN: FLUX_TOKEN, FLUX_RECEIVER_TOKEN_DEV: RECEIVER_TOKEN });
    const ajv = new Ajv({ strict: false, allErrors: true });
    const flux = docs.filter((d) => d.apiVersion.startsWith("notification.toolkit.fluxcd.io/"));
    expect(new Set(flux.map((d) => d.kind))).toEqual(new Set(["Provider", "Alert", "Receiver"]));
    for (const { cluster: _cluster, ...doc } of flux) {
      const schema = CRDS.schemas[`${doc.kind}/${doc.apiVersion}`];
      expect(schema, `${doc.kind} ${doc.apiVersion} is a served CRD version`).toBeDefined();
      const validate = ajv.compile(schema ?? {});
      expect(validate(doc), `${doc.kind} ${doc.metadata.namespace}/${doc.metadata.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // The schemas do reject a wrong manifest.
    const provider = flux.find((d) => d.kind === "Provider");
    expect(ajv.compile(CRDS.schemas["Provider/notification.toolkit.fluxcd.io/v1beta3"] ?? {})({ ...provider, spec: { ...provider?.spec, type: "generic-hmac-typo" } })).toBe(false);
    for (const secret of docs.filter((d) => d.kind === "Secret")) {
      expect(secret).toMatchObject({ apiVersion: "v1", type: "Opaque", stringData: { token: expect.any(String) as string } });
    }
  });

  it("points each cluster's Provider at Baton's Flux door for that cluster, signed with the token", async () => {
    const { docs } = await clusterDocs({ FLUX_WEBHOOK_TOKEN: FLUX_TOKEN });
    const route = /route:\s*"([^"]+)"/.exec(readFileSync(join(root, "functions/ingestFlux.ts"), "utf8"))?.[1];
    expect(route).toBe("ingest/flux/{cluster?}");
    const providers = docs.filter((d) => d.kind === "Provider");
    for (const p of providers) {
      expect(p.spec).toMatchObject({ type: "generic-hmac", secretRef: { name: "baton-webhook" } });
      expect(String(p.spec?.address)).toMatch(new RegExp(`^${URL_BASE}/api/ingest/flux/aks-(dev|staging|pre-prod|prod)-weu$`));
      const secret = docs.find((d) => d.kind === "Secret" && d.metadata.name === "baton-webhook" && d.metadata.namespace === p.metadata.namespace);
      expect(secret?.stringData?.token).toBe(FLUX_TOKEN);
    }
  });

  it("alerts on exactly the pipeline's Kustomizations and HelmReleases, beside them in their namespace", async () => {
    const { docs } = await clusterDocs({ FLUX_WEBHOOK_TOKEN: FLUX_TOKEN });
    const config = loadPipelineConfig(pipelinesText(), { path: "pipelines.yaml" }, TEST_TRUST);
    const expected = new Set(config.pipelines.flatMap((p) => p.stages.flatMap((s) => s.readiness.objects.map((o) => `${o.cluster}/${o.namespace}/${o.kind}/${o.name}`))));
    const alerted = docs.filter((d) => d.kind === "Alert").flatMap((a) => (a.spec?.eventSources as { kind: string; name: string }[]).map((s) => `${a.cluster}/${a.metadata.namespace}/${s.kind}/${s.name}`));
    expect(new Set(alerted)).toEqual(expected);
    expect(alerted.length).toBe(new Set(alerted).size);
    expect(docs.filter((d) => d.kind === "Alert").every((a) => a.spec?.eventSeverity === "info")).toBe(true);
  });

  it("adds a Receiver where a stage names one, and checks the stage's URL against Flux's webhook path", async () => {
    const { docs, stderr } = await clusterDocs({ FLUX_WEBHOOK_TOKEN: FLUX_TOKEN, FLUX_RECEIVER_TOKEN_DEV: RECEIVER_TOKEN });
    const receivers = docs.filter((d) => d.kind === "Receiver");
    expect(receivers).toHaveLength(1);
    expect(receivers[0]?.spec).toMatchObject({ type: "generic-hmac", secretRef: { name: "baton-receiver" }, resources: [{ kind: "GitRepository", name: "flux-system", namespace: "flux-system" }] });
    expect(stderr).toContain(`matches ${receiverWebhookPath(RECEIVER_TOKEN, "baton", "flux-system")}`);
    const wrong = await clusterDocs({ FLUX_WEBHOOK_TOKEN: FLUX_TOKEN, FLUX_RECEIVER_TOKEN_DEV: "another-token" });
    expect(wrong.stderr).toContain("DOES NOT end with the Receiver's path");
  });

  it("marks unknown tokens for replacement instead of inventing them", async () => {
    const { docs, stderr } = await clusterDocs({});
    for (const s of docs.filter((d) => d.kind === "Secret")) expect(s.stringData?.token).toMatch(/^REPLACE: /);
    expect(stderr).toContain("FLUX_WEBHOOK_TOKEN is not set");
  });

  it("refuses a broken pipelines file with its problems, and a missing option with usage", async () => {
    const world = io({ "bad.yaml": "version: 1\npipelines: [{ name: Bad }]\n" }, {});
    expect(await runSetup(["clusters", "--pipelines", "bad.yaml", "--url", URL_BASE], world)).toBe(1);
    expect(world.err.join("")).toMatch(/bad\.yaml:\d+:\d+/);
    const usage = io({}, {});
    expect(await runSetup(["clusters", "--url", URL_BASE], usage)).toBe(2);
    expect(usage.err.join("")).toContain("missing --pipelines");
  });
});

describe("baton-setup github and eventgrid", () => {
  it("subscribes exactly the events the GitHub door handles", () => {
    const parser = readFileSync(join(root, "shared/ingest/parse/githubEvent.ts"), "utf8");
    const handled = /\[("[a-z_]+"(?:, "[a-z_]+")*)\]\.includes\(name\)/.exec(parser)?.[1]?.split(", ").map((s) => JSON.parse(s) as string);
    expect(new Set(GITHUB_EVENTS)).toEqual(new Set(handled));
  });

  it("asks for the GitHub App permissions the code's calls need", () => {
    const code = ["shared/gitops/github/repoApi.ts", "shared/gitops/github/pullRequests.ts", "shared/gitops/github/writer.ts", "shared/gates/workflow/dispatch.ts", "shared/gates/workflow/findRun.ts", "shared/gates/workflow/runStatus.ts"]
      .map((f) => {
        try {
          return readFileSync(join(root, f), "utf8");
        } catch {
          return "";
        }
      })
      .join("\n");
    const needs: [RegExp, string, "read" | "write"][] = [
      [/rest\.git\.create|rest\.git\.updateRef/, "contents", "write"],
      [/rest\.pulls\.create|enablePullRequestAutoMerge/, "pull_requests", "write"],
      [/actions\/workflows\/\{workflow_id\}\/dispatches/, "actions", "write"],
    ];
    for (const [pattern, permission, level] of needs) {
      expect(code).toMatch(pattern);
      expect(GITHUB_APP_PERMISSIONS[permission]?.level).toBe(level);
    }
  });

  it("prints the webhook and the Event Grid subscription to the Event Grid trigger", async () => {
    const gh = io({}, {});
    expect(await runSetup(["github", "--url", URL_BASE, "--vault", "kv-baton-abc"], gh)).toBe(0);
    expect(JSON.parse(gh.out.join(""))).toMatchObject({ webhook: { url: `${URL_BASE}/api/ingest/github`, contentType: "json" } });
    const eg = io({}, {});
    const acr = "/subscriptions/s/resourceGroups/rg-acr/providers/Microsoft.ContainerRegistry/registries/contosoprod";
    expect(await runSetup(["eventgrid", "--acr", acr, "--function-app", "/subscriptions/s/resourceGroups/rg-prod/providers/Microsoft.Web/sites/func-baton-abc"], eg)).toBe(0);
    const text = eg.out.join("");
    expect(text).toContain(`azd env set ACR_RESOURCE_ID ${acr}`);
    expect(text).toContain("--endpoint-type azurefunction --endpoint /subscriptions/s/resourceGroups/rg-prod/providers/Microsoft.Web/sites/func-baton-abc/functions/acrImagePushed");
    expect(readFileSync(join(root, "functions/acrEventgridTrigger.ts"), "utf8")).toContain('app.eventGrid("acrImagePushed"');
  });
});
