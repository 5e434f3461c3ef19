import { z } from "zod";
import type { FailurePolicy, GateConfig } from "./model.js";
import { duration } from "./duration.js";
import { secretName } from "./secretNames.js";
import { changeWindowGate } from "./gates/changeWindowGate.js";
import { logQueryGate } from "./gates/logQueryGate.js";
import { workflowGate } from "./gates/workflowGate.js";
import { azurePipelinesGate } from "./gates/azurePipelinesGate.js";
import { compilesAsRegex, REGEX_SYNTAX_HINT } from "./regex.js";

// The YAML shape of one stage, every field optional: the same object is a file default, a
// pipeline's template and a stage override, merged in that order (expand.ts). Fields that may hold
// `{stage}` / `{pipeline}` are only checked for shape here; completeStage.ts checks them again
// after substitution. Objects merged field by field carry no zod defaults (a default in a higher
// layer would hide a lower layer's value); completeStage.ts applies those.

const text = z.string().min(1, "expected a non-empty string");

export const stageName = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, "expected a stage name of 1-40 lower-case letters, digits or dashes, not starting or ending with a dash (it appears in URLs and ids)")
  .meta({ id: "stageName", description: "Stage name; URL-safe lower case. Replaces {stage} in the template." });

const auth = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("none") }),
    z.strictObject({ kind: z.literal("token"), tokenSecret: secretName }),
    z.strictObject({ kind: z.literal("github-app"), appId: z.number().int().positive(), installationId: z.number().int().positive(), privateKeySecret: secretName }),
    z.strictObject({ kind: z.literal("basic"), username: text, passwordSecret: secretName }),
    z.strictObject({ kind: z.literal("entra") }).meta({ description: "Azure Repos only: the app's own Entra identity (managed identity), added to the organization with Contributor on the repository." }),
  ])
  .meta({ id: "auth", description: "How Baton authenticates to the repository; secrets by setting name only." });

export const gitLayer = z
  .strictObject({
    provider: z
      .enum(["azure-devops"])
      .meta({ description: "azure-devops: git.url is an Azure Repos URL (https://dev.azure.com/{organization}/{project}/_git/{repository}); pull requests through the Azure DevOps REST API. Absent: GitHub for repository, any git server for url." })
      .optional(),
    repository: text.meta({ description: "GitHub repository owner/name (GitHub API)." }).optional(),
    url: text.meta({ description: "Clone URL of any smart-HTTP git server (Azure Repos, GitLab, Gitea), without credentials." }).optional(),
    branch: text.optional(),
    apiUrl: text.meta({ description: "GitHub Enterprise Server API URL, https://HOST/api/v3." }).optional(),
    auth: auth.optional(),
  })
  .meta({ id: "git", description: "Where the stage's GitOps files live: give repository (GitHub) or url (git)." });

const edit = z
  .strictObject({
  file: text.meta({ description: "Path in the repository; {stage} and {pipeline} are replaced." }),
  image: text.meta({ description: "In a bundle pipeline: the image this edit sets, by its name in source.bundle.images (default: source.image)." }).optional(),
  // Checked in full by shared/gitops/editSchema.ts after expansion (its schema is the one truth).
  target: z
    .looseObject({ kind: z.enum(["kustomize", "values", "flux-setter", "baton-marker", "helm-release-chart", "oci-repository", "chart-dependency"]) })
    .meta({ description: "Where in the file the image lives (docs/gitops.md); a chart pipeline's chart version: helm-release-chart, oci-repository, chart-dependency (docs/helmCharts.md)." }),
  })
  .meta({ id: "edit" });

const fluxObject = z.strictObject({ cluster: text, kind: z.enum(["Kustomization", "HelmRelease", "Application"]), namespace: text, name: text }).meta({ id: "fluxObject" });

const observe = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("arm"),
    subscriptionId: text,
    resourceGroup: text,
    clusterName: text,
    clusterType: z.enum(["managedClusters", "connectedClusters"]).default("managedClusters"),
    fluxConfiguration: text,
    kustomization: text,
  }),
  z.strictObject({ kind: z.literal("kubernetes"), kubeconfigSecret: secretName, context: text.optional() }),
  z
    .strictObject({
      kind: z.literal("argocd"),
      url: text.meta({ description: "The Argo CD API server's https URL (its UI URL, with the root path if it has one); its host must be in BATON_ALLOWED_HOSTS." }),
      tokenSecret: secretName.meta({ description: "The NAME of the secret holding an Argo CD account token (apiKey capability, read-only RBAC: p, role:baton, applications, get, */*, allow)." }),
      project: text.meta({ description: "The Applications' Argo CD project: reads are restricted to it, and a missing Application is told apart from a missing permission (404 instead of 403)." }).optional(),
    })
    .meta({ description: "Argo CD Applications through the Argo CD API server (GET /api/v1/applications/{name}); Flux objects are not observable this way." }),
]).meta({ id: "observe" });

const readiness = z.strictObject({
  objects: z.array(fluxObject).min(1, "expected at least one Flux object to wait for").optional(),
  timeout: duration.optional(),
  receiver: z.strictObject({ url: text, tokenSecret: secretName }).meta({ description: "A Flux Receiver called right after the commit." }).optional(),
  observe: observe.optional(),
  argocdRefresh: z
    .boolean()
    .meta({ description: "Ask Argo CD to refresh the stage's Applications right after the commit: the argocd.argoproj.io/refresh=normal annotation through observe's Kubernetes API, or GET ?refresh=normal through observe's Argo CD API server." })
    .optional(),
}).meta({ id: "readiness" });

const soak = z.strictObject({ kind: z.literal("soak"), name: text.default("soak"), duration }).transform((g): GateConfig => ({ kind: "soak", name: g.name, durationMs: g.duration }));

const httpProbe = z
  .strictObject({
    kind: z.literal("httpProbe"),
    name: text.default("http-probe"),
    url: text,
    method: z.enum(["GET", "HEAD"]).default("GET"),
    expectStatus: z.array(z.number().int().min(100).max(599)).min(1).default([200]),
    bodyMatch: text.refine(compilesAsRegex, REGEX_SYNTAX_HINT).meta({ description: "RE2 regular expression the response body (its first 64 KiB) must match somewhere." }).optional(),
    successes: z.number().int().positive().default(1),
    interval: duration.prefault("30s"),
    attemptTimeout: duration.prefault("10s"),
    deadline: duration.prefault("10m"),
  })
  .superRefine((g, ctx) => {
    if (g.deadline <= g.interval) ctx.addIssue({ code: "custom", path: ["deadline"], message: "expected deadline to be longer than interval (the probe must get at least two tries)" });
    if (g.attemptTimeout > g.interval) ctx.addIssue({ code: "custom", path: ["attemptTimeout"], message: "expected attemptTimeout to be at most interval" });
  })
  .transform(
    (g): GateConfig => ({
      kind: "httpProbe",
      name: g.name,
      url: g.url,
      method: g.method,
      expectStatus: g.expectStatus,
      ...(g.bodyMatch === undefined ? {} : { bodyMatch: g.bodyMatch }),
      successes: g.successes,
      intervalMs: g.interval,
      attemptTimeoutMs: g.attemptTimeout,
      deadlineMs: g.deadline,
    }),
  );

const gate = z.discriminatedUnion("kind", [soak, httpProbe, logQueryGate, workflowGate, azurePipelinesGate, changeWindowGate]).meta({ id: "gate" });

const failureShorthand = z.enum(["rollback", "abort", "pause"]).transform((action): FailurePolicy => (action === "pause" ? { action, timeoutMs: 86_400_000, onTimeout: "abort" } : { action }));
const failureObject = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("rollback") }),
  z.strictObject({ action: z.literal("abort") }),
  z
    .strictObject({ action: z.literal("pause"), timeout: duration.prefault("1d"), onTimeout: z.enum(["rollback", "abort"]).default("abort") })
    .transform((p): FailurePolicy => ({ action: "pause", timeoutMs: p.timeout, onTimeout: p.onTimeout })),
]);
const onFailure = z
  .union([failureShorthand, failureObject])
  .meta({ id: "onFailure", description: "What a failed stage does: rollback, abort, or pause for ops (then rollback or abort after a timeout)." });

export const stageFields = {
  git: gitLayer.optional(),
  writeMode: z.enum(["commit", "pull-request"]).optional(),
  pullRequest: z
    .strictObject({
      labels: z.array(text).optional(),
      autoMerge: z.boolean().meta({ description: "GitHub auto-merge, Azure Repos auto-complete: merged as soon as policies pass." }).optional(),
      mergeMethod: z.enum(["merge", "squash", "rebase"]).meta({ description: "How auto-merge merges (default squash)." }).optional(),
      deleteSourceBranch: z.boolean().meta({ description: "Azure Repos auto-complete: delete the promotion branch once merged (default true)." }).optional(),
      pollInterval: duration.meta({ description: "Azure Repos: how often to read the pull request when no service hook reports it (default 1m)." }).optional(),
      timeout: duration.optional(),
    })
    .meta({ id: "pullRequest" })
    .optional(),
  edits: z.array(edit).min(1, "expected at least one edit").optional(),
  readiness: readiness.optional(),
  gates: z.array(gate).optional(),
  gateMode: z.enum(["sequence", "parallel"]).optional(),
  approval: z
    .strictObject({
      required: z.boolean().optional(),
      approvers: z.array(text).optional(),
      quorum: z.number().int().positive().optional(),
      timeout: duration.optional(),
      onExpiry: z.enum(["reject", "escalate"]).meta({ description: "When the approval expires: reject the stage, or ask escalateTo for another timeout." }).optional(),
      escalateTo: z.array(text).optional(),
      separationOfDuties: z.boolean().meta({ description: "Whoever pushed the image or merged its change may not approve it (default true)." }).optional(),
      identities: z.record(z.string(), text).meta({ description: "Maps a GitHub login or an ACR principal to an Entra object id or UPN, for separation of duties." }).optional(),
      teams: z
        .strictObject({ conversationId: text, serviceUrl: text, tenantId: text })
        .meta({ description: "The Teams channel or chat the approval card is posted to (from the bot's installation)." })
        .optional(),
    })
    .meta({ id: "approval", description: "Whether people must approve before the stage commits; approvers: Entra object ids, UPNs or group:<object id>." })
    .optional(),
  notify: z
    .strictObject({ workflowWebhookSecret: secretName })
    .meta({ id: "notify", description: "Stage notifications through a Teams Workflows webhook; the URL is a secret, named here." })
    .optional(),
  onFailure: onFailure.optional(),
  autoPromote: z.boolean().meta({ description: "false: the stage waits for an operator's promote." }).optional(),
};

export const stageLayer = z.strictObject(stageFields);
export type StageLayer = z.output<typeof stageLayer>;
