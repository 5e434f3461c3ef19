// Loads a pipelines file and returns its problems as the lines a person reads (file:line:col: field: message).
import { loadPipelineConfig, type PipelineConfig } from "../../shared/pipelines/config/load.js";
import { formatProblem, PipelineConfigError } from "../../shared/pipelines/config/errors.js";
import type { PipelineTrust } from "../../shared/config/pipelineTrust.js";
import { TEST_TRUST } from "./trust.js";

export function problemsOf(text: string, file = ".baton/pipelines.yaml", trust: PipelineTrust = TEST_TRUST): string[] {
  try {
    loadPipelineConfig(text, { path: file }, trust);
  } catch (error) {
    if (error instanceof PipelineConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error("expected the file to be refused");
}

export function load(text: string, trust: PipelineTrust = TEST_TRUST): PipelineConfig {
  return loadPipelineConfig(text, { path: ".baton/pipelines.yaml", commit: "abc123" }, trust);
}

/** A small valid file: a template with placeholders and plain stage names. */
export const MINIMAL = `version: 1
defaults:
  git: { repository: acme/gitops }
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
`;
