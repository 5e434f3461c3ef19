import type { FieldPath } from "./errors.js";
import type { ApprovalPolicy, FluxObjectRef, GateConfig, ReadinessConfig, StageConfig } from "./model.js";
import { gateProblems } from "./gates/gateProblems.js";
import { repositoryRefOf } from "./repositoryRef.js";
import { stageEditsOf } from "./stageEdits.js";
import type { StageLayer } from "./stageSchema.js";
import { urlProblem } from "./urls.js";

type Report = (path: FieldPath, message: string) => void;

// Built-in defaults: what a stage gets when neither the file's defaults nor the pipeline say.
const READINESS_TIMEOUT_MS = 15 * 60_000;
const APPROVAL_TIMEOUT_MS = 86_400_000;
const PULL_REQUEST_TIMEOUT_MS = 7 * 86_400_000;

const NAMESPACE = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const OBJECT_NAME = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;
const CLUSTER = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * A stage from its merged, placeholder-free layers: built-in defaults applied, required fields
 * and cross-field rules checked. Problems go to `report` with paths inside the merged stage.
 */
export function completeStage(name: string, layer: StageLayer, report: Report): StageConfig | undefined {
  const before = problems(report);
  const repository = repositoryRefOf(layer.git, before.report);
  const edits = stageEditsOf(layer.edits, before.report);
  const readiness = readinessOf(layer.readiness, before.report);
  const gates = gatesOf(layer.gates ?? [], before.report);
  const approval = approvalOf(layer.approval, before.report);
  if (before.count() > 0 || !repository || !readiness) return undefined;
  const writeMode = layer.writeMode ?? "commit";
  const pr = layer.pullRequest;
  return {
    name,
    repository,
    writeMode,
    ...(writeMode === "pull-request"
      ? {
          pullRequest: {
            labels: pr?.labels ?? [],
            autoMerge: pr?.autoMerge ?? false,
            timeoutMs: pr?.timeout ?? PULL_REQUEST_TIMEOUT_MS,
            ...(pr?.mergeMethod === undefined ? {} : { mergeMethod: pr.mergeMethod }),
            ...(pr?.deleteSourceBranch === undefined ? {} : { deleteSourceBranch: pr.deleteSourceBranch }),
            ...(pr?.pollInterval === undefined ? {} : { pollIntervalMs: pr.pollInterval }),
          },
        }
      : {}),
    edits,
    readiness,
    gates,
    gateMode: layer.gateMode ?? "sequence",
    ...(approval ? { approval } : {}),
    onFailure: layer.onFailure ?? { action: "abort" },
    autoPromote: layer.autoPromote ?? true,
    ...(layer.notify ? { notify: layer.notify } : {}),
  };
}

function problems(report: Report) {
  let count = 0;
  return {
    report: (path: FieldPath, message: string) => {
      count++;
      report(path, message);
    },
    count: () => count,
  };
}

function readinessOf(readiness: StageLayer["readiness"], report: Report): ReadinessConfig | undefined {
  const objects = readiness?.objects;
  if (!objects) {
    report(["readiness", "objects"], "expected at least one Flux object to wait for (cluster, kind, namespace, name) in the stage or the pipeline's template");
    return undefined;
  }
  objects.forEach((o: FluxObjectRef, i) => {
    if (!CLUSTER.test(o.cluster)) report(["readiness", "objects", i, "cluster"], "expected a cluster name (letters, digits, . _ -)");
    if (!NAMESPACE.test(o.namespace)) report(["readiness", "objects", i, "namespace"], "expected a Kubernetes namespace (lower-case letters, digits, -; at most 63)");
    if (!OBJECT_NAME.test(o.name)) report(["readiness", "objects", i, "name"], "expected a Kubernetes object name (lower-case letters, digits, - and .)");
  });
  const receiver = readiness.receiver;
  const receiverProblem = receiver ? urlProblem(receiver.url, "the receiver URL") : undefined;
  if (receiverProblem) report(["readiness", "receiver", "url"], receiverProblem);
  if (readiness.argocdRefresh === true) {
    if (!objects.some((o) => o.kind === "Application")) report(["readiness", "argocdRefresh"], "expected at least one Argo CD Application among the readiness objects to refresh");
    if (readiness.observe?.kind !== "kubernetes" && readiness.observe?.kind !== "argocd") {
      report(["readiness", "argocdRefresh"], "expected observe: { kind: kubernetes, ... } or { kind: argocd, ... }: the refresh goes through the Kubernetes API or the Argo CD API server");
    }
  }
  const observeUrlProblem = readiness.observe?.kind === "argocd" ? urlProblem(readiness.observe.url, "observe.url (the Argo CD API server)") : undefined;
  if (observeUrlProblem) report(["readiness", "observe", "url"], observeUrlProblem);
  return {
    objects,
    timeoutMs: readiness.timeout ?? READINESS_TIMEOUT_MS,
    ...(readiness.argocdRefresh === true ? { argocdRefresh: true } : {}),
    ...(receiver ? { receiver } : {}),
    ...(readiness.observe ? { observe: readiness.observe } : {}),
  };
}

function gatesOf(gates: GateConfig[], report: Report): GateConfig[] {
  gates.forEach((gate, i) => {
    if (gates.findIndex((g) => g.name === gate.name) < i) report(["gates", i, "name"], `expected unique gate names in a stage: "${gate.name}" is used twice; give this gate its own name`);
    for (const problem of gateProblems(gate)) report(["gates", i, problem.field], problem.message);
  });
  return gates;
}

function approvalOf(approval: StageLayer["approval"], report: Report): ApprovalPolicy | undefined {
  if (!approval) return undefined;
  const approvers = approval.approvers ?? [];
  const quorum = approval.quorum ?? 1;
  if (approvers.length > 0 && quorum > approvers.length) {
    report(["approval", "quorum"], `expected quorum at most the number of approvers (${approvers.length})`);
  }
  const onExpiry = approval.onExpiry ?? "reject";
  const escalateTo = approval.escalateTo ?? [];
  if (onExpiry === "escalate" && escalateTo.length === 0) report(["approval", "escalateTo"], "expected people or groups to escalate to when onExpiry is escalate");
  return {
    required: approval.required ?? true,
    approvers,
    quorum,
    timeoutMs: approval.timeout ?? APPROVAL_TIMEOUT_MS,
    onExpiry,
    escalateTo,
    separationOfDuties: approval.separationOfDuties ?? true,
    identities: approval.identities ?? {},
    ...(approval.teams ? { teams: approval.teams } : {}),
  };
}
