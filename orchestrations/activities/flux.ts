/** Readiness activities: register waits, judge Flux reports, poll the cluster, nudge a Receiver. */
import { createHmac } from "node:crypto";
import type { ActivityInput, ActivityOutput, ReadyEvidence } from "../../shared/durable/activityContracts.js";
import type { WaitFor } from "../../shared/ingest/intake/waitKeys.js";
import { decideReadiness } from "../../shared/readiness/decide.js";
import type { Observation } from "../../shared/readiness/observation.js";
import { observationFromFluxReport } from "../../shared/readiness/sources/fluxEvent.js";
import { failed, type StepResult } from "../../shared/steps/result.js";
import { answeringRefusal } from "../../shared/steps/refusal.js";
import { asEvidence, readinessQuery, RECHECK_MS } from "../stage/fluxVerdict.js";
import type { ActivityDeps } from "./deps.js";

export const subscribeSignal =
  (deps: ActivityDeps) =>
  async (input: { instanceId: string; wait: WaitFor }): Promise<ActivityOutput<"subscribeSignal">> =>
    (await deps.signals.subscribe(input.instanceId, input.wait)) ?? null;

export const unsubscribeSignal =
  (deps: ActivityDeps) =>
  async (input: { instanceId: string; wait: WaitFor }): Promise<null> => {
    await deps.signals.unsubscribe(input.instanceId, input.wait);
    return null;
  };

async function judge(deps: ActivityDeps, input: ActivityInput<"pollReadiness">, observation: Observation): Promise<StepResult<ReadyEvidence>> {
  const access = await deps.repository(input.stage.repository);
  return asEvidence(input, await decideReadiness(readinessQuery(input), observation, { ancestry: access.ancestry, retryAfterMs: RECHECK_MS }));
}

// A secret refused on the way (the repository's for the ancestry question, the observe source's
// kubeconfig or Argo CD token) fails the readiness wait at once: the stage fails with the refusal.
export const judgeFluxReport =
  (deps: ActivityDeps) =>
  (input: ActivityInput<"judgeFluxReport">): Promise<ActivityOutput<"judgeFluxReport">> =>
    answeringRefusal(() => judge(deps, input, observationFromFluxReport(input.report)), failed);

export const pollReadiness =
  (deps: ActivityDeps) =>
  (input: ActivityInput<"pollReadiness">): Promise<ActivityOutput<"pollReadiness">> =>
    answeringRefusal<ActivityOutput<"pollReadiness">>(async () => {
      const observe = input.stage.readiness.observe;
      if (!observe) return { status: "running", retryAfterMs: RECHECK_MS, detail: "no polling source configured" };
      const source = await deps.observer(observe, [input.object.cluster]);
      return judge(deps, input, await source.observe(input.object));
    }, failed);

/** Best effort, like every nudge: a refused secret is reported, not thrown, and the stage goes on. */
const notNudged = (detail: string): ActivityOutput<"nudgeFlux"> => ({ ok: false, detail });

/**
 * Calls a Flux `generic-hmac` Receiver so Flux reconciles now instead of at its next interval
 * (protocols.md 3.4): `X-Signature: sha256=<hex HMAC of the body>` keyed by the Receiver token.
 */
export const nudgeFlux =
  (deps: ActivityDeps) =>
  (input: ActivityInput<"nudgeFlux">): Promise<ActivityOutput<"nudgeFlux">> =>
    answeringRefusal(async () => {
      const token = await deps.secrets.get(input.tokenSecret);
      if (!token) return notNudged(`secret ${input.tokenSecret} is not configured`);
      const body = JSON.stringify({ source: "baton", promotion: input.promotionId });
      const signature = `sha256=${createHmac("sha256", token).update(body).digest("hex")}`;
      try {
        const res = await deps.fetch(input.url, {
          method: "POST",
          body,
          headers: { "content-type": "application/json", "x-signature": signature },
          signal: AbortSignal.timeout(10_000),
        });
        return { ok: res.ok, detail: `receiver answered ${res.status}` };
      } catch (error) {
        return notNudged(`receiver unreachable: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, notNudged);

/**
 * Asks Argo CD to refresh the stage's Applications now instead of at its next poll (Argo CD's
 * `argocd.argoproj.io/refresh` annotation through Kubernetes, or `?refresh=normal` through the Argo CD API).
 * Best effort, like the Flux Receiver nudge: Argo CD refreshes on its own interval anyway.
 */
export const refreshApplications =
  (deps: ActivityDeps) =>
  (input: ActivityInput<"refreshApplications">): Promise<ActivityOutput<"refreshApplications">> =>
    answeringRefusal(async () => {
      const { readiness } = input.stage;
      const applications = readiness.objects.filter((o) => o.kind === "Application");
      if (!readiness.observe || applications.length === 0) return notNudged("no Argo CD Application with an observe source (Kubernetes or the Argo CD API) to refresh");
      const source = await deps.observer(readiness.observe, [...new Set(applications.map((o) => o.cluster))]);
      if (!source.refresh) return notNudged("this observe source cannot refresh Applications");
      const results = await Promise.all(applications.map((o) => source.refresh?.(o) ?? Promise.resolve({ ok: false, detail: "no refresh" })));
      return { ok: results.every((r) => r.ok), detail: results.map((r) => r.detail).join("; ") };
    }, notNudged);
