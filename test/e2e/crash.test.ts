// kill -9 of the runtime in the middle of a promotion, twice: after each restart the promotion
// finishes, and the GitOps repository ends with exactly one commit per stage, in order (no lost
// and no doubled commit: a retried commit finds its values already there).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { useAzurite } from "../support/azurite.js";
import { startGitServer, type GitServer } from "../support/gitServer.js";
import { eventually, repoRoot, startHostProcess, type HostProcess } from "../support/hostProcess.js";
import { FLUX_TOKEN, LOOPBACK_TRUST, digestOf, gitLog, gitopsFiles, head, pipelinesYaml, promotionId, STAGES } from "./world.js";
import { createHmac } from "node:crypto";
import { loadHostKeys } from "../../local/keys/hostKeys.js";

const azurite = useAzurite();
let server: GitServer;
let dataDir = "";
let env: Record<string, string> = {};
const digest = digestOf(0xc4a5);
const id = promotionId(digest);

beforeAll(async () => {
  server = await startGitServer();
  await server.createRepo("gitops", gitopsFiles("1.0.0"));
  dataDir = mkdtempSync(join(tmpdir(), "baton-e2e-crash-"));
  env = {
    AzureWebJobsStorage: azurite().connectionString,
    BATON_TABLE_PREFIX: "e2ecrash",
    ...LOOPBACK_TRUST,
    FLUX_WEBHOOK_TOKEN: FLUX_TOKEN,
    BATON_PIPELINES: pipelinesYaml({ repoUrl: server.url("gitops"), prod: "        autoPromote: true" }),
  };
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const start = (): Promise<HostProcess> => startHostProcess({ app: repoRoot, entry: ["functions/*.ts"], dataDir, env });

async function pushImage(host: HostProcess): Promise<number> {
  const event = {
    id: "evt-crash",
    topic: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr",
    subject: "orders-api:6.0.0",
    eventType: "Microsoft.ContainerRegistry.ImagePushed",
    eventTime: "2026-01-04T00:00:00Z",
    dataVersion: "1.0",
    metadataVersion: "1",
    data: { id: "push-crash", timestamp: "2026-01-04T00:00:00Z", action: "push", target: { mediaType: "application/vnd.oci.image.manifest.v1+json", size: 1, digest, repository: "orders-api", tag: "6.0.0" }, request: { id: "r", host: "myacr.azurecr.io", method: "PUT", useragent: "docker" } },
  };
  const res = await fetch(`${host.origin}/runtime/webhooks/eventgrid?functionName=acrImagePushed`, {
    method: "POST",
    headers: { "aeg-event-type": "Notification", "content-type": "application/json", "x-functions-key": loadHostKeys(dataDir).system.eventgrid_extension },
    body: JSON.stringify([event]),
  });
  return res.status;
}

async function fluxReady(host: HostProcess, stage: string, sha: string): Promise<number> {
  const body = JSON.stringify({
    involvedObject: { kind: "Kustomization", namespace: "flux-system", name: `orders-api-${stage}`, uid: "u", apiVersion: "kustomize.toolkit.fluxcd.io/v1", resourceVersion: "1" },
    severity: "info",
    timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    message: "Reconciliation finished",
    reason: "ReconciliationSucceeded",
    metadata: { revision: `main@sha1:${sha}` },
    reportingController: "kustomize-controller",
    reportingInstance: "kustomize-controller-0",
  });
  const res = await fetch(`${host.origin}/api/ingest/flux/aks-${stage}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-signature": `sha256=${createHmac("sha256", FLUX_TOKEN).update(body).digest("hex")}` },
    body,
  });
  return res.status;
}

async function stageCommits(): Promise<string[]> {
  return (await gitLog(server))
    .map((m) => parseCommitTrailers(m))
    .filter((t) => t?.promotionId === id)
    .map((t) => t?.stage ?? "")
    .reverse();
}

/** Waits until `stage` has its commit, then tells the host Flux reconciled it. */
async function release(host: HostProcess, stage: string): Promise<void> {
  await eventually(async () => ((await stageCommits()).includes(stage) ? true : undefined), `the ${stage} commit`);
  expect(await fluxReady(host, stage, await head(server))).toBeLessThan(300);
}

describe("kill -9 in the middle of a promotion", () => {
  it("finishes after restarts with one commit per stage, in order", async () => {
    let host = await start();
    try {
      expect(await pushImage(host)).toBe(202);
      await release(host, "dev");
      // Killed right after Flux released dev: staging's commit may or may not have happened.
      await host.kill9();
      host = await start();
      await release(host, "staging");
      await release(host, "pre-prod");
      await host.kill9();
      host = await start();
      await release(host, "prod");
      const done = await eventually(async () => {
        const s = (await (await fetch(`${host.origin}/runtime/webhooks/durabletask/instances/${id}`, { headers: { "x-functions-key": loadHostKeys(dataDir).master } })).json()) as { runtimeStatus: string; output: { outcome?: string } };
        return s.runtimeStatus === "Completed" ? s : undefined;
      }, "the promotion to complete");
      expect(done.output.outcome).toBe("succeeded");
      expect(await stageCommits()).toEqual([...STAGES]);
    } finally {
      await host.kill9();
    }
  }, 120_000);
});
