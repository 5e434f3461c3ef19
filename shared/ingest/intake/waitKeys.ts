import type { WorkloadKind, Signal } from "../model.js";

/** What a promotion can wait for. The orchestration registers one of these per wait. */
export type WaitFor =
  | { on: "flux"; cluster: string; objectKind: WorkloadKind; namespace: string; name: string }
  /** A workflow run for a commit (e.g. the test workflow a promotion dispatched on its GitOps commit). */
  | { on: "workflow"; repository: string; headSha: string }
  | { on: "pr"; repository: string; number: number }
  /** An Azure Pipelines run (the Azure Pipelines gate's), by organization and run id. */
  | { on: "azurePipelinesRun"; organization: string; runId: number };

/**
 * The canonical key of a wait, equal for a registration and the signal that satisfies it.
 * GitHub repository names are case-insensitive, so they are lower-cased; Kubernetes names
 * already are lower case, Kind is kept as Flux spells it.
 */
export function waitKey(wait: WaitFor): string {
  switch (wait.on) {
    case "flux":
      return `flux:${wait.cluster}/${wait.objectKind}/${wait.namespace}/${wait.name}`;
    case "workflow":
      return `workflow:${wait.repository.toLowerCase()}@${wait.headSha.toLowerCase()}`;
    case "pr":
      return `pr:${wait.repository.toLowerCase()}#${wait.number}`;
    case "azurePipelinesRun":
      // Organization names are case-insensitive in Azure DevOps.
      return `adorun:${wait.organization.toLowerCase()}#${wait.runId}`;
  }
}

export function waitFor(signal: Signal): WaitFor {
  switch (signal.kind) {
    case "workload.reconciled":
      return { on: "flux", cluster: signal.cluster, objectKind: signal.objectKind, namespace: signal.namespace, name: signal.name };
    case "workflow.finished":
      return { on: "workflow", repository: signal.repository, headSha: signal.headSha };
    case "pull_request.closed":
      return { on: "pr", repository: signal.repository, number: signal.number };
    case "azurePipelines.run.finished":
      return { on: "azurePipelinesRun", organization: signal.organization, runId: signal.runId };
  }
}
