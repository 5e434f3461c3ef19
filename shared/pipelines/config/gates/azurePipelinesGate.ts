import { z } from "zod";
import { duration } from "../duration.js";
import type { GateConfig } from "../model.js";
import { secretName } from "../secretNames.js";

// Queuing a run needs Azure DevOps credentials of its own (Build: Read & execute): never inherited
// from the stage's git settings, so a GitOps token is not silently widened.
const azurePipelinesAuth = z
  .discriminatedUnion("kind", [z.strictObject({ kind: z.literal("pat"), tokenSecret: secretName }), z.strictObject({ kind: z.literal("entra") })], {
    error: (issue) =>
      issue.input === undefined || issue.code === "invalid_union"
        ? "expected the gate's own auth: { kind: pat, tokenSecret: NAME } (a personal access token with Build: Read & execute) or { kind: entra } (Baton's managed identity, added to the organization)"
        : undefined,
  })
  .meta({ id: "azurePipelinesAuth", description: "How Baton authenticates to Azure Pipelines: a PAT by setting name, or Baton's Entra identity." });

/** An Azure Pipelines run queued per promotion at the stage's commit; it must succeed (shared/gates/azurePipelines). */
export const azurePipelinesGate = z
  .strictObject({
    kind: z.literal("azurePipelines"),
    name: z.string().min(1, "expected a non-empty string").default("azure-pipelines"),
    // organization, project and apiUrl may hold placeholders: checked after substitution (gateProblems.ts).
    organization: z.string().min(1, "expected the Azure DevOps organization name").meta({ description: "Organization name (dev.azure.com/{organization})." }),
    project: z.string().min(1, "expected the project name or id"),
    pipelineId: z.number().int("expected the pipeline's id (a whole number)").positive("expected the pipeline's id (a positive number: definitionId in its URL)").meta({ description: "The pipeline's id (definitionId in its URL)." }),
    ref: z
      .string()
      .min(1, "expected the branch the run uses (main or refs/heads/main)")
      .meta({ description: "Branch of the pipeline's own repository (resources.repositories.self.refName)." }),
    pinCommit: z
      .boolean()
      .default(true)
      .meta({ description: "Run at the stage's commit (resources.repositories.self.version): the pipeline's repository must be the GitOps repository. false: the branch's head." }),
    templateParameters: z
      .record(z.string().min(1), z.string())
      .default({})
      .meta({ description: "Runtime parameters of the pipeline; {promotionId}, {stage} and {commit} are filled in when the run is queued." }),
    apiUrl: z.string().min(1, "expected a non-empty string").meta({ description: "Azure DevOps Server URL (https://HOST/tfs); default https://dev.azure.com." }).optional(),
    auth: azurePipelinesAuth,
    pollInterval: duration.prefault("1m").meta({ description: "How often the run is checked when no run-state-changed service hook arrives." }),
    timeout: duration.prefault("1h"),
  })
  .superRefine((g, ctx) => {
    if (g.pollInterval >= g.timeout) ctx.addIssue({ code: "custom", path: ["timeout"], message: "expected timeout to be longer than pollInterval" });
  })
  .transform(
    (g): GateConfig => ({
      kind: "azurePipelines",
      name: g.name,
      organization: g.organization,
      project: g.project,
      pipelineId: g.pipelineId,
      ref: g.ref,
      pinCommit: g.pinCommit,
      templateParameters: g.templateParameters,
      ...(g.apiUrl === undefined ? {} : { apiUrl: g.apiUrl }),
      auth: g.auth,
      pollIntervalMs: g.pollInterval,
      timeoutMs: g.timeout,
    }),
  );
