import { z } from "zod";
import { duration } from "../duration.js";
import type { GateConfig } from "../model.js";
import { secretName } from "../secretNames.js";

// Dispatching a workflow needs GitHub credentials of its own (actions:write): never inherited
// from the stage's git settings, so a GitOps token is not silently widened.
const workflowAuth = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("none") }),
    z.strictObject({ kind: z.literal("token"), tokenSecret: secretName }),
    z.strictObject({ kind: z.literal("github-app"), appId: z.number().int().positive(), installationId: z.number().int().positive(), privateKeySecret: secretName }),
  ], {
    error: (issue) =>
      issue.input === undefined || issue.code === "invalid_union"
        ? "expected the workflow gate's own auth: { kind: token, tokenSecret: NAME }, { kind: github-app, appId, installationId, privateKeySecret } or { kind: none }"
        : undefined,
  })
  .meta({ id: "workflowAuth", description: "How Baton authenticates to GitHub Actions (needs actions:write); secrets by setting name only." });

/** A GitHub Actions workflow dispatched per promotion; its run must succeed (shared/gates/workflow). */
export const workflowGate = z
  .strictObject({
    kind: z.literal("workflow"),
    name: z.string().min(1, "expected a non-empty string").default("workflow"),
    // repository and apiUrl may hold placeholders: checked after substitution (gateProblems.ts).
    repository: z.string().min(1, "expected a non-empty string").meta({ description: "owner/name of the GitHub repository holding the workflow." }),
    workflow: z
      .string()
      .regex(/^(?:[\w.-]+\.ya?ml|\d+)$/, "expected the workflow's file name in .github/workflows (smoke.yml) or its numeric id")
      .meta({ description: "Workflow file name (smoke.yml) or numeric id; it must have a workflow_dispatch trigger." }),
    ref: z.string().min(1, "expected the branch or tag the workflow runs on"),
    inputs: z
      .record(z.string().min(1), z.string())
      .refine((inputs) => Object.keys(inputs).length <= 25, "expected at most 25 inputs (GitHub's limit for a dispatch)")
      .default({})
      .meta({ description: "Workflow inputs; {promotionId}, {stage} and {commit} are filled in at dispatch." }),
    apiUrl: z.string().min(1, "expected a non-empty string").meta({ description: "GitHub Enterprise Server API URL, https://HOST/api/v3." }).optional(),
    auth: workflowAuth,
    pollInterval: duration.prefault("1m").meta({ description: "How often the run is checked when no workflow_run webhook arrives." }),
    timeout: duration.prefault("1h"),
  })
  .superRefine((g, ctx) => {
    if (g.pollInterval >= g.timeout) ctx.addIssue({ code: "custom", path: ["timeout"], message: "expected timeout to be longer than pollInterval" });
  })
  .transform(
    (g): GateConfig => ({
      kind: "workflow",
      name: g.name,
      repository: g.repository,
      workflow: g.workflow,
      ref: g.ref,
      inputs: g.inputs,
      ...(g.apiUrl === undefined ? {} : { apiUrl: g.apiUrl }),
      auth: g.auth,
      pollIntervalMs: g.pollInterval,
      timeoutMs: g.timeout,
    }),
  );
