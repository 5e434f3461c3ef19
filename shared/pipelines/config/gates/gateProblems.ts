/**
 * Checks of gate fields that may hold `{stage}` / `{pipeline}` in a template, so they run after
 * substitution (completeStage.ts), with paths inside the gate.
 */
import type { GateConfig } from "../model.js";
import { urlProblem } from "../urls.js";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const ADO_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,49}$/;
const BRANCH_REF = /^(?!\/)(?!.*\/\/)(?!.*\.\.)(?!.*\/$)[A-Za-z0-9._/-]+$/;

export interface GateProblem {
  field: string;
  message: string;
}

export function gateProblems(gate: GateConfig): GateProblem[] {
  const problems: GateProblem[] = [];
  const check = (field: string, message: string | undefined) => message && problems.push({ field, message });
  switch (gate.kind) {
    case "httpProbe":
      check("url", urlProblem(gate.url, "the probe URL"));
      break;
    case "logQuery":
      check("workspaceId", GUID.test(gate.workspaceId) ? undefined : "expected the Log Analytics workspace id (a GUID, from the workspace's Overview)");
      break;
    case "workflow":
      check("repository", REPOSITORY.test(gate.repository) ? undefined : "expected owner/name of the GitHub repository holding the workflow");
      check("apiUrl", gate.apiUrl === undefined ? undefined : urlProblem(gate.apiUrl, "the GitHub API URL"));
      break;
    case "azurePipelines":
      check("organization", ADO_NAME.test(gate.organization) ? undefined : "expected the Azure DevOps organization name (letters, digits, -, as in dev.azure.com/{organization})");
      check("ref", BRANCH_REF.test(gate.ref) ? undefined : "expected a branch name (main) or ref (refs/heads/main)");
      check("apiUrl", gate.apiUrl === undefined ? undefined : urlProblem(gate.apiUrl, "the Azure DevOps Server URL"));
      break;
    case "soak":
    case "changeWindow":
      break;
  }
  return problems;
}
