/**
 * Reads Argo CD Applications through the Argo CD API server (`GET /api/v1/applications/{name}`,
 * Argo CD's published swagger), an alternative to the Kubernetes API when Baton may not reach the
 * cluster but may reach Argo CD. The bearer token is an Argo CD account token read from the secret
 * the stage names; requests go through Baton's outbound guard (the `fetch` handed in).
 */
import { secretRefusal } from "../../../config/secretScope.js";
import { readTextUpTo } from "../../../net/boundedBody.js";
import { applicationSchema } from "../../argocd/applicationSchema.js";
import { applicationState } from "../../argocd/applicationState.js";
import { observeApplication } from "../../argocd/observeApplication.js";
import type { Observation, Unavailable } from "../../observation.js";
import type { ReadinessSource } from "../../source.js";
import type { ReadinessTarget } from "../../target.js";
import { isTimeout, unavailable, unavailableFromError, unavailableFromStatus, type AskedRequest } from "./apiErrors.js";

export interface ArgoCdApiSourceDeps {
  /** The API server's base URL (Argo CD's UI URL, with its root path if it has one). */
  url: string;
  /** The NAME of the secret holding the account token, for messages. */
  tokenSecret: string;
  /** Reads the token; undefined when the secret is not configured. */
  token: () => Promise<string | undefined>;
  /** Restricts reads to this project; also makes Argo CD answer a missing Application with 404. */
  project?: string;
  /** A fetch that only reaches what the outbound policy allows (shared/net/outboundGuard.ts). */
  fetch: typeof fetch;
  now: () => Date;
  /** How long a read and a refresh may take (defaults: 15 s and 10 s). */
  timeoutMs?: { read?: number; refresh?: number };
}

/** An Application with thousands of resources is a few MiB; anything past this is not one. */
export const MAX_APPLICATION_BYTES = 8 * 1024 * 1024;
/** An error answer (`runtimeError`) is a few hundred bytes; only its message is quoted. */
const MAX_ERROR_BYTES = 64 * 1024;
const READ_TIMEOUT_MS = 15_000;
// Argo CD answers `?refresh=` only once its controller has refreshed the app (or the client gives up).
const REFRESH_TIMEOUT_MS = 10_000;

type Answer = { ok: true; body: unknown } | { ok: false; unavailable: Unavailable; timedOut: boolean };

export function createArgoCdApiSource(deps: ArgoCdApiSourceDeps): ReadinessSource {
  const base = deps.url.endsWith("/") ? deps.url : `${deps.url}/`;
  const server = new URL(base).origin;
  const readTimeoutMs = deps.timeoutMs?.read ?? READ_TIMEOUT_MS;
  const refreshTimeoutMs = deps.timeoutMs?.refresh ?? REFRESH_TIMEOUT_MS;

  async function get(target: ReadinessTarget, refresh: boolean): Promise<Answer> {
    const url = new URL(`api/v1/applications/${encodeURIComponent(target.name)}`, base);
    url.searchParams.set("appNamespace", target.namespace);
    if (deps.project) url.searchParams.set("project", deps.project);
    if (refresh) url.searchParams.set("refresh", "normal");
    const request: AskedRequest = { asked: `GET ${url.pathname}${url.search} on ${server}`, tokenSecret: deps.tokenSecret, ...(deps.project ? { project: deps.project } : {}) };
    const timeoutMs = refresh ? refreshTimeoutMs : readTimeoutMs;
    let token: string | undefined;
    try {
      token = await deps.token();
    } catch (error) {
      // A secret outside the pipelines' scope is terminal: thrown for the activity to fail the
      // step with the refusal. Trouble reading an allowed one is retried like an unreachable server.
      if (secretRefusal(error) !== undefined) throw error;
      return { ok: false, timedOut: false, unavailable: unavailable(false, `could not read secret ${deps.tokenSecret} (the Argo CD account token): ${error instanceof Error ? error.message : String(error)}`) };
    }
    if (!token) return { ok: false, timedOut: false, unavailable: unavailable(false, `secret ${deps.tokenSecret} (the Argo CD account token) is not configured`) };
    try {
      const res = await deps.fetch(url, {
        method: "GET",
        headers: { authorization: `Bearer ${token}`, accept: "application/json" },
        // A redirect would carry the question elsewhere; the answer must come from the server named.
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.status !== 200) {
        const error = await readTextUpTo(res, MAX_ERROR_BYTES);
        return { ok: false, timedOut: false, unavailable: unavailableFromStatus(res.status, error.text, request, token) };
      }
      const { text, truncated } = await readTextUpTo(res, MAX_APPLICATION_BYTES);
      if (truncated) return { ok: false, timedOut: false, unavailable: unavailable(false, `${request.asked} answered with more than ${MAX_APPLICATION_BYTES / 1024 / 1024} MiB, more than an Application holds`) };
      try {
        return { ok: true, body: JSON.parse(text) as unknown };
      } catch {
        return { ok: false, timedOut: false, unavailable: unavailable(false, `${request.asked} answered 200 with a body that is not JSON; check that observe.url is the Argo CD API server`) };
      }
    } catch (error) {
      return { ok: false, timedOut: isTimeout(error), unavailable: unavailableFromError(error, request, timeoutMs) };
    }
  }

  return {
    async observe(target: ReadinessTarget): Promise<Observation> {
      if (target.kind !== "Application") return notAnApplication(target);
      const answer = await get(target, false);
      if (!answer.ok) return answer.unavailable;
      const reportedAt = deps.now().toISOString();
      const parsed = applicationSchema.safeParse(answer.body);
      if (parsed.success) return observeApplication(applicationState(parsed.data), "argocd-api", reportedAt);
      const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
      return unavailable(false, `Application ${target.namespace}/${target.name} from ${server} is not the object Baton expects (${issues})`);
    },
    async refresh(target: ReadinessTarget) {
      if (target.kind !== "Application") return { ok: false, detail: notAnApplication(target).detail };
      const what = `Application ${target.namespace}/${target.name}`;
      let answer: Answer;
      try {
        answer = await get(target, true);
      } catch (error) {
        // Best effort never throws, not even for a refused secret.
        const refusal = secretRefusal(error);
        if (refusal === undefined) throw error;
        return { ok: false, detail: `refresh of ${what} failed: ${refusal}` };
      }
      if (answer.ok) return { ok: true, detail: `Argo CD refreshed ${what} (${server})` };
      if (answer.timedOut) {
        return { ok: false, detail: `asked Argo CD to refresh ${what}; no answer within ${refreshTimeoutMs / 1000} s (Argo CD answers once its controller has refreshed the app, so it may still be under way)` };
      }
      return { ok: false, detail: `refresh of ${what} failed: ${answer.unavailable.detail}` };
    },
  };
}

function notAnApplication(target: ReadinessTarget): Unavailable {
  return unavailable(false, `${target.kind} ${target.namespace}/${target.name} is a Flux object: the Argo CD API server shows Argo CD Applications only (observe Flux objects with kind kubernetes or arm)`);
}
