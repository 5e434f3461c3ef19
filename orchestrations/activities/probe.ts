/** One HTTP health-probe attempt: the expected status, an optional body match, a per-attempt timeout. */
import type { ActivityInput, ActivityOutput } from "../../shared/durable/activityContracts.js";
import { readTextUpTo } from "../../shared/net/boundedBody.js";
import { matchesSomewhere } from "../../shared/pipelines/config/regex.js";
import type { ActivityDeps } from "./deps.js";

/** bodyMatch looks at the first 64 KiB of the body; the rest is never read. */
export const PROBE_BODY_LIMIT = 64 * 1024;

export const probeHttp =
  (deps: ActivityDeps) =>
  async ({ gate }: ActivityInput<"probeHttp">): Promise<ActivityOutput<"probeHttp">> => {
    try {
      const res = await deps.fetch(gate.url, { method: gate.method, signal: AbortSignal.timeout(gate.attemptTimeoutMs), redirect: "manual" });
      const body = gate.method === "HEAD" || !gate.bodyMatch ? "" : (await readTextUpTo(res, PROBE_BODY_LIMIT)).text;
      if (!gate.bodyMatch) await res.body?.cancel();
      if (!gate.expectStatus.includes(res.status)) return { ok: false, detail: `status ${res.status}, expected ${gate.expectStatus.join(" or ")}` };
      if (gate.bodyMatch && !matchesSomewhere(gate.bodyMatch, body)) return { ok: false, detail: `status ${res.status} but the body does not match /${gate.bodyMatch}/` };
      return { ok: true, detail: `status ${res.status}` };
    } catch (error) {
      const timedOut = error instanceof Error && error.name === "TimeoutError";
      return { ok: false, detail: timedOut ? `no answer within ${gate.attemptTimeoutMs} ms` : `request failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
