/**
 * What a complete stage may reach (issue 10 point 1): every secret it names must be in the
 * operator's scope and every URL must pass the outbound policy. Runs after placeholders are
 * replaced, so `{stage}` cannot assemble a name the check never saw.
 */
import type { PipelineTrust } from "../../config/pipelineTrust.js";
import { outboundUrlProblem } from "../../net/outboundPolicy.js";
import type { FieldPath } from "./errors.js";
import type { RepositoryAuth, StageConfig } from "./model.js";

export interface TrustProblem {
  path: FieldPath;
  message: string;
}

export function trustProblems(stage: StageConfig, trust: PipelineTrust): TrustProblem[] {
  const problems: TrustProblem[] = [];
  const secret = (path: FieldPath, name: string) => {
    const reason = trust.secrets.refusal(name);
    if (reason) problems.push({ path, message: reason });
  };
  const url = (path: FieldPath, text: string, what: string) => {
    const reason = outboundUrlProblem(text, trust.outbound, what);
    if (reason) problems.push({ path, message: reason });
  };
  const auth = (path: FieldPath, a: RepositoryAuth) => {
    for (const [key, name] of secretsOf(a)) secret([...path, key], name);
  };

  const repo = stage.repository;
  if (repo.provider !== "github") url(["git", "url"], repo.url, "git.url");
  else if (repo.apiUrl !== undefined) url(["git", "apiUrl"], repo.apiUrl, "git.apiUrl");
  auth(["git", "auth"], repo.auth);

  const receiver = stage.readiness.receiver;
  if (receiver) {
    url(["readiness", "receiver", "url"], receiver.url, "the receiver URL");
    secret(["readiness", "receiver", "tokenSecret"], receiver.tokenSecret);
  }
  const observe = stage.readiness.observe;
  if (observe?.kind === "kubernetes") secret(["readiness", "observe", "kubeconfigSecret"], observe.kubeconfigSecret);
  if (observe?.kind === "argocd") {
    url(["readiness", "observe", "url"], observe.url, "observe.url (the Argo CD API server)");
    secret(["readiness", "observe", "tokenSecret"], observe.tokenSecret);
  }

  stage.gates.forEach((gate, i) => {
    if (gate.kind === "httpProbe") url(["gates", i, "url"], gate.url, "the probe URL");
    if (gate.kind === "workflow") {
      if (gate.apiUrl !== undefined) url(["gates", i, "apiUrl"], gate.apiUrl, "the workflow gate's apiUrl");
      auth(["gates", i, "auth"], gate.auth);
    }
    if (gate.kind === "azurePipelines") {
      // Without apiUrl the gate calls dev.azure.com (always allowed, like api.github.com).
      if (gate.apiUrl !== undefined) url(["gates", i, "apiUrl"], gate.apiUrl, "the Azure Pipelines gate's apiUrl");
      else url(["gates", i, "organization"], "https://dev.azure.com", "the Azure Pipelines gate (https://dev.azure.com)");
      if (gate.auth.kind === "pat") secret(["gates", i, "auth", "tokenSecret"], gate.auth.tokenSecret);
    }
  });
  if (stage.notify) secret(["notify", "workflowWebhookSecret"], stage.notify.workflowWebhookSecret);
  // The Bot Connector sends the bot's own access token to this URL.
  const teams = stage.approval?.teams;
  if (teams) url(["approval", "teams", "serviceUrl"], teams.serviceUrl, "the Teams serviceUrl");
  return problems;
}

function secretsOf(auth: RepositoryAuth): [string, string][] {
  switch (auth.kind) {
    case "none":
    case "entra":
      return [];
    case "token":
      return [["tokenSecret", auth.tokenSecret]];
    case "basic":
      return [["passwordSecret", auth.passwordSecret]];
    case "github-app":
      return [["privateKeySecret", auth.privateKeySecret]];
  }
}
