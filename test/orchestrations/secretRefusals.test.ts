// A secret outside the operator's scope (BATON_PIPELINE_SECRETS) is terminal: every
// pipeline-driven activity answers it in its own shape for a definitive failure (a failed step,
// a failed gate verdict, a failed readiness verdict, a nudge or notification not sent) instead of
// throwing it into the durable retry policy. The secret store behind the scope is never asked and
// nothing is sent; the answer names the secret and the scope, never a value.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { ActivityDeps } from "../../orchestrations/activities/deps.js";
import { judgeFluxReport, nudgeFlux, pollReadiness, refreshApplications } from "../../orchestrations/activities/flux.js";
import { observers } from "../../orchestrations/activities/observers.js";
import { createPullRequestState } from "../../orchestrations/activities/pullRequestState.js";
import { repositoryAccess } from "../../orchestrations/activities/repositories.js";
import { readActivitySettings } from "../../orchestrations/activities/settings.js";
import { readPipelineTrust } from "../../shared/config/pipelineTrust.js";
import { scopedSecrets } from "../../shared/config/secretScope.js";
import type { SecretSource } from "../../shared/config/secrets.js";
import type { AzurePipelinesGate, StageRef, WorkflowGate } from "../../shared/durable/activityContracts.js";
import { createAzurePipelinesRunStatus, createQueueAzurePipelinesRun } from "../../shared/gates/azurePipelines/index.js";
import { createDispatchWorkflow, createWorkflowRunStatus } from "../../shared/gates/workflow/index.js";
import type { FluxObjectRef, ObserveConfig, RepositoryRef, StageConfig } from "../../shared/pipelines/config/model.js";
import { notifyTeams } from "../../shared/teams/notify/notifyTeams.js";

const VALUE = "canary-secret-value-9d41";
const SCOPE = "secret OTHER_TOKEN is outside the set the operator declared for pipelines (BATON_PIPELINE_SECRETS allows E2E_*)";

// The store holds every secret; the operator's scope allows only E2E_*.
let reads: string[] = [];
let sent: string[] = [];
const store: SecretSource = {
  get: (name) => {
    reads.push(name);
    return Promise.resolve(VALUE);
  },
  refresh: (name) => {
    reads.push(name);
    return Promise.resolve(VALUE);
  },
};
const secrets = scopedSecrets(store, readPipelineTrust({ BATON_PIPELINE_SECRETS: "E2E_*" }).secrets);
const outbound: typeof fetch = (input) => {
  sent.push(input instanceof Request ? input.url : String(input));
  return Promise.reject(new Error("nothing may be sent"));
};
beforeEach(() => {
  reads = [];
  sent = [];
});

const scratch = mkdtempSync(join(tmpdir(), "baton-refusals-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const settings = { ...readActivitySettings({}), scratchRoot: scratch };
const now = () => new Date("2026-04-01T10:00:00Z");

function deps(): ActivityDeps {
  return {
    secrets,
    fetch: outbound,
    now,
    repository: repositoryAccess(settings, secrets, now, outbound),
    observer: observers(settings, secrets, now, outbound),
  } as Partial<ActivityDeps> as ActivityDeps;
}

const allowedRepo: RepositoryRef = { provider: "git", url: "http://127.0.0.1:9/gitops.git", branch: "main", auth: { kind: "none" } };
const object: FluxObjectRef = { cluster: "aks-dev", kind: "Kustomization", namespace: "flux-system", name: "orders-api-dev" };
const application: FluxObjectRef = { cluster: "aks-dev", kind: "Application", namespace: "argocd", name: "orders-api-dev" };

function stage(overrides: Partial<StageConfig> = {}, observe?: ObserveConfig): StageConfig {
  return {
    name: "dev",
    repository: allowedRepo,
    writeMode: "commit",
    edits: [{ file: "apps/orders-api/overlays/dev/kustomization.yaml", target: { kind: "kustomize" } }],
    readiness: { objects: [object, application], timeoutMs: 900_000, ...(observe ? { observe } : {}) },
    gates: [],
    gateMode: "sequence",
    onFailure: { action: "abort" },
    autoPromote: true,
    ...overrides,
  };
}

function ref(s: StageConfig): StageRef {
  return {
    promotionId: "promo-1",
    pipeline: "orders-api",
    stage: s,
    image: {
      kind: "image.published",
      registry: "myacr.azurecr.io",
      repository: "orders-api",
      tag: "1.0.1",
      digest: `sha256:${"a".repeat(64)}`,
      publishedAt: "2026-04-01T09:59:00Z",
      source: "acr-eventgrid",
      deliveryId: "d-1",
    },
  };
}

const commit = "0ba6f0d30760d567de0bac86c8c4eec13ce1a590";
const kubernetes: ObserveConfig = { kind: "kubernetes", kubeconfigSecret: "OTHER_TOKEN" };
const argocd: ObserveConfig = { kind: "argocd", url: "http://127.0.0.1:9/", tokenSecret: "OTHER_TOKEN" };

function nothingRead(): void {
  expect(reads).toEqual([]);
  expect(sent).toEqual([]);
}

describe("readiness", () => {
  it.each([
    ["a kubeconfig", kubernetes],
    ["an Argo CD token", argocd],
  ])("pollReadiness fails the wait with the refusal when %s is out of scope", async (_what, observe) => {
    const verdict = await pollReadiness(deps())({ ...ref(stage({}, observe)), object: observe.kind === "argocd" ? application : object, commit });
    expect(verdict).toEqual({ status: "failed", reason: SCOPE });
    nothingRead();
  });

  it("pollReadiness and judgeFluxReport fail when the repository's own secret (for the ancestry question) is out of scope", async () => {
    const s = stage({ repository: { ...allowedRepo, auth: { kind: "basic", username: "baton", passwordSecret: "OTHER_TOKEN" } } }, { kind: "kubernetes", kubeconfigSecret: "E2E_KUBECONFIG" });
    const report = { cluster: "aks-dev", objectKind: "Kustomization" as const, namespace: "flux-system", name: "orders-api-dev", revision: `main@sha1:${"b".repeat(40)}`, reason: "ReconciliationSucceeded", message: "ok", reportedAt: "2026-04-01T10:00:00Z", outcome: "ready" as const };
    expect(await judgeFluxReport(deps())({ ...ref(s), object, commit, report })).toEqual({ status: "failed", reason: SCOPE });
    expect(reads).toEqual([]);
  });

  it.each([
    ["a kubeconfig", kubernetes],
    ["an Argo CD token", argocd],
  ])("refreshApplications reports the refusal as not refreshed when %s is out of scope", async (_what, observe) => {
    const outcome = await refreshApplications(deps())({ stage: stage({}, observe) });
    expect(outcome).toEqual({ ok: false, detail: expect.stringContaining(SCOPE) as unknown });
    nothingRead();
  });

  it("nudgeFlux reports the refusal as not nudged, signing and sending nothing", async () => {
    expect(await nudgeFlux(deps())({ url: "http://127.0.0.1:9/hook", tokenSecret: "OTHER_TOKEN", promotionId: "promo-1" })).toEqual({ ok: false, detail: SCOPE });
    nothingRead();
  });
});

describe("pull requests", () => {
  it("pullRequestState fails (instead of polling until the merge deadline) when the repository's token is out of scope", async () => {
    const github: RepositoryRef = { provider: "github", repository: "acme/gitops", branch: "main", apiUrl: "http://127.0.0.1:9", auth: { kind: "token", tokenSecret: "OTHER_TOKEN" } };
    expect(await createPullRequestState(deps())({ stage: stage({ repository: github, writeMode: "pull-request" }), number: 7 })).toEqual({ status: "failed", reason: SCOPE });
    nothingRead();
  });
});

describe("gates", () => {
  const workflow: WorkflowGate = {
    kind: "workflow",
    name: "smoke",
    repository: "acme/app",
    workflow: "smoke.yml",
    ref: "main",
    inputs: {},
    apiUrl: "http://127.0.0.1:9",
    auth: { kind: "github-app", appId: 1, installationId: 2, privateKeySecret: "OTHER_TOKEN" },
    pollIntervalMs: 60_000,
    timeoutMs: 3_600_000,
  };
  const pipelines: AzurePipelinesGate = {
    kind: "azurePipelines",
    name: "smoke",
    organization: "contoso",
    project: "Platform",
    pipelineId: 17,
    ref: "main",
    pinCommit: true,
    templateParameters: {},
    apiUrl: "http://127.0.0.1:9",
    auth: { kind: "pat", tokenSecret: "OTHER_TOKEN" },
    pollIntervalMs: 60_000,
    timeoutMs: 3_600_000,
  };
  const workflowDeps = () => ({ secrets, fetch: outbound, now, throttle: false });
  const pipelinesDeps = () => ({ secrets, fetch: outbound, credential: { getToken: () => Promise.reject(new Error("not asked")) } });
  const input = { promotionId: "promo-1", stage: "dev", commit };

  it("dispatchWorkflow and workflowRunStatus fail the gate with the refusal (not errored until the gate's timeout)", async () => {
    expect(await createDispatchWorkflow(workflowDeps())({ gate: workflow, ...input })).toEqual({ status: "failed", reason: `workflow gate smoke (acme/app smoke.yml on main): ${SCOPE}` });
    expect(await createWorkflowRunStatus(workflowDeps())({ gate: workflow, runId: 42 })).toEqual({ status: "failed", reason: `workflow gate smoke (acme/app smoke.yml on main) run 42: ${SCOPE}` });
    nothingRead();
  });

  it("queueAzurePipelinesRun and azurePipelinesRunStatus fail the gate with the refusal", async () => {
    const where = "azure pipelines gate smoke (contoso/Platform pipeline 17 on main)";
    expect(await createQueueAzurePipelinesRun(pipelinesDeps())({ gate: pipelines, ...input })).toEqual({ status: "failed", reason: `${where}: ${SCOPE}` });
    expect(await createAzurePipelinesRunStatus(pipelinesDeps())({ gate: pipelines, runId: 42 })).toEqual({ status: "failed", reason: `${where} run 42: ${SCOPE}` });
    nothingRead();
  });

  it("a secret the store cannot read now is still retried (errored), not failed", async () => {
    const down: SecretSource = { get: () => Promise.reject(new Error("Key Vault unreachable")), refresh: () => Promise.reject(new Error("Key Vault unreachable")) };
    const inScope = { ...pipelines, auth: { kind: "pat" as const, tokenSecret: "E2E_PAT" } };
    expect(await createQueueAzurePipelinesRun({ ...pipelinesDeps(), secrets: down })({ gate: inScope, ...input })).toMatchObject({ status: "errored" });
    const inScopeWorkflow = { ...workflow, auth: { kind: "token" as const, tokenSecret: "E2E_TOKEN" } };
    expect(await createDispatchWorkflow({ ...workflowDeps(), secrets: down })({ gate: inScopeWorkflow, ...input })).toMatchObject({ status: "errored" });
  });
});

describe("notifications", () => {
  it("notifyTeams records the notification as not sent, with the refusal (already so before this change)", async () => {
    const outcome = await notifyTeams({ secrets, fetch: outbound })({ webhookSecret: "OTHER_TOKEN", title: "dev promoted", facts: [] });
    expect(outcome).toEqual({ ok: false, detail: `could not read secret OTHER_TOKEN: ${SCOPE}` });
    nothingRead();
  });
});
