// The stage orchestrator judges a Flux report itself when no git question is needed
// (orchestrations/stage/fluxVerdict.ts). Its verdict must be the judgeFluxReport activity's, for
// every kind of report: here both run on the same inputs, the activity with a recording git fake.
import { describe, expect, it } from "vitest";
import type { ActivityInput } from "../../shared/durable/activityContracts.js";
import type { StageConfig } from "../../shared/pipelines/config/model.js";
import type { WorkloadKind } from "../../shared/ingest/model.js";
import { judgeFluxReport } from "../../orchestrations/activities/flux.js";
import type { ActivityDeps } from "../../orchestrations/activities/deps.js";
import { judgeReportWithoutGit } from "../../orchestrations/stage/fluxVerdict.js";

const PROMOTED = "a".repeat(40);
const DESCENDANT = "b".repeat(40);
const OLDER = "c".repeat(40);
const OCI = `sha256:${"d".repeat(64)}`;

function stage(chartEdit: boolean): StageConfig {
  return {
    name: "dev",
    repository: { provider: "git", url: "http://127.0.0.1/gitops", branch: "main" },
    edits: [{ file: "apps/dev/release.yaml", target: chartEdit ? { kind: "helm-release-chart" } : { kind: "kustomize-image" } }],
  } as unknown as StageConfig;
}

function deps(asked: string[]): ActivityDeps {
  const ancestry = {
    contains(descendant: string, ancestor: string): Promise<boolean> {
      asked.push(`${descendant}>${ancestor}`);
      return Promise.resolve(descendant === DESCENDANT && ancestor === PROMOTED);
    },
  };
  return { repository: () => Promise.resolve({ ancestry }) } as unknown as ActivityDeps;
}

const revisions = [PROMOTED, `main@sha1:${PROMOTED}`, `main/${PROMOTED}`, `main@sha1:${DESCENDANT}`, `main@sha1:${OLDER}`, `v1@${OCI}`, "not a revision", "6.6.0", "6.6.0+dddddddddddd", "7.0.0"];
const outcomes = [
  { outcome: "ready", reason: "ReconciliationSucceeded" },
  { outcome: "failed", reason: "BuildFailed" },
  { outcome: "failed", reason: "Progressing" },
  { outcome: "failed", reason: "Degraded" },
  { outcome: "failed", reason: "SyncFailed" },
] as const;
const kinds: WorkloadKind[] = ["Kustomization", "HelmRelease", "Application"];

function inputs(): ActivityInput<"judgeFluxReport">[] {
  const all: ActivityInput<"judgeFluxReport">[] = [];
  for (const kind of kinds)
    for (const chart of [false, true])
      for (const revision of revisions)
        for (const o of outcomes) {
          const object = { cluster: "aks-dev", kind, namespace: "apps", name: "orders-api" };
          all.push({
            promotionId: "promo-1",
            pipeline: "orders-api",
            stage: stage(chart),
            image: { registry: "r.azurecr.io", repository: "orders-api", tag: chart ? "6.6.0" : "1.2.3", digest: OCI, publishedAt: "2026-01-01T00:00:00Z", source: "acr", ...(chart ? { artifact: "chart" as const } : {}) } as unknown as ActivityInput<"judgeFluxReport">["image"],
            object,
            commit: PROMOTED,
            report: { ...object, objectKind: kind, revision, reason: o.reason, message: "m", reportedAt: "2026-01-01T00:01:00Z", outcome: o.outcome },
          });
        }
  return all;
}

describe("a Flux report judged in the orchestrator", () => {
  it("gets the activity's verdict for every input it judges, and leaves to the activity only what needs git", async () => {
    let local = 0;
    for (const input of inputs()) {
      const asked: string[] = [];
      const activity = await judgeFluxReport(deps(asked))(input);
      const mine = judgeReportWithoutGit(input);
      if (mine === undefined) continue;
      local++;
      expect(mine, `${input.object.kind} ${input.report.outcome} ${input.report.revision}`).toEqual(activity);
      expect(asked, "a verdict judged without git must be one the activity reached without git").toEqual([]);
    }
    expect(local).toBeGreaterThan(100);
  });

  it("judges the usual reports without an activity: Ready at the promoted commit, a failure at it, a HelmRelease's chart", () => {
    const all = inputs();
    const find = (kind: WorkloadKind, revision: string, outcome: string) => all.find((i) => i.object.kind === kind && i.report.revision === revision && i.report.outcome === outcome && i.image.artifact === undefined);
    expect(judgeReportWithoutGit(find("Kustomization", `main@sha1:${PROMOTED}`, "ready") ?? all[0]!)).toMatchObject({ status: "succeeded", value: { revision: `main@sha1:${PROMOTED}` } });
    expect(judgeReportWithoutGit(find("Kustomization", `main@sha1:${PROMOTED}`, "failed") ?? all[0]!)).toMatchObject({ status: "failed" });
    expect(judgeReportWithoutGit(find("Kustomization", `v1@${OCI}`, "ready") ?? all[0]!)).toMatchObject({ status: "running" });
  });

  it("asks the activity when the verdict depends on ancestry (a later commit) or on an Argo CD Application", () => {
    const all = inputs();
    const descendant = all.find((i) => i.object.kind === "Kustomization" && i.report.revision === `main@sha1:${DESCENDANT}` && i.report.outcome === "ready");
    const application = all.find((i) => i.object.kind === "Application");
    expect(descendant && judgeReportWithoutGit(descendant)).toBeUndefined();
    expect(application && judgeReportWithoutGit(application)).toBeUndefined();
  });
});
