/** Readiness activities: register waits, judge Flux reports, poll the cluster, nudge a Receiver. */
import { createHmac } from "node:crypto";
import type { ActivityInput, ActivityOutput, ReadyEvidence } from "../../shared/durable/activityContracts.js";
import type { WaitFor } from "../../shared/ingest/intake/waitKeys.js";
import { decideReadiness } from "../../shared/readiness/decide.js";
import type { Observation } from "../../shared/readiness/observation.js";
import { observationFromFluxReport } from "../../shared/readiness/sources/fluxEvent.js";
import type { StepResult } from "../../shared/steps/result.js";
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

export const judgeFluxReport =
  (deps: ActivityDeps) =>
  (input: ActivityInput<"judgeFluxReport">): Promise<ActivityOutput<"judgeFluxReport">> =>
    judge(deps, input, observationFromFluxReport(input.report));

export const pollReadiness =
  (deps: ActivityDeps) =>
  async (input: ActivityInput<"pollReadiness">): Promise<ActivityOutput<"pollReadiness">> => {
    const observe = input.stage.readiness.observe;
    if (!observe) return { status: "running", retryAfterMs: RECHECK_MS, detail: "no polling source configured" };
    const source = await deps.observer(observe, [input.object.cluster]);
    return judge(deps, input, await source.observe(input.object));
  };

/**
 * Calls a Flux `generic-hmac` Receiver so Flux reconciles now instead of at its next interval
 * (protocols.md 3.4): `X-Signature: sha256=<hex HMAC of the body>` keyed by the Receiver token.
 */
export const nudgeFlux =
  (deps: ActivityDeps) =>
  async (input: ActivityInput<"nudgeFlux">): Promise<ActivityOutput<"nudgeFlux">> => {
    const token = await deps.secrets.get(input.tokenSecret);
    if (!token) return { ok: false, detail: `secret ${input.tokenSecret} is not configured` };
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
      return { ok: false, detail: `receiver unreachable: ${error instanceof Error ? error.message : String(error)}` };
    }
  };

/**
 * Asks Argo CD to refresh the stage's Applications now instead of at its next poll (Argo CD's
 * `argocd.argoproj.io/refresh` annotation through Kubernetes, or `?refresh=normal` through the Argo CD API).
 * Best effort, like the Flux Receiver nudge: Argo CD refreshes on its own interval anyway.
 */
export const refreshApplications =
  (deps: ActivityDeps) =>
  async (input: ActivityInput<"refreshApplications">): Promise<ActivityOutput<"refreshApplications">> => {
    const { readiness } = input.stage;
    const applications = readiness.objects.filter((o) => o.kind === "Application");
    if (!readiness.observe || applications.length === 0) return { ok: false, detail: "no Argo CD Application with an observe source (Kubernetes or the Argo CD API) to refresh" };
    const source = await deps.observer(readiness.observe, [...new Set(applications.map((o) => o.cluster))]);
    if (!source.refresh) return { ok: false, detail: "this observe source cannot refresh Applications" };
    const results = await Promise.all(applications.map((o) => source.refresh?.(o) ?? Promise.resolve({ ok: false, detail: "no refresh" })));
    return { ok: results.every((r) => r.ok), detail: results.map((r) => r.detail).join("; ") };
  };
