import { SettingsError } from "../../config/settings.js";
import { pipelineWatch } from "./pipelineWatch.js";

export interface PipelinesHealth {
  /** What is wrong, one line each (empty: nothing). */
  reasons: string[];
  state: Record<string, unknown>;
}

/**
 * The pipelines configuration as /api/health shows it, from what the process already knows:
 * never a read (health is anonymous). An invalid file lists its problems as file:line:column:
 * field: message, the same lines the console shows; the configuration in use stays named.
 */
export function pipelinesHealth(env: Record<string, string | undefined>): PipelinesHealth {
  let snapshot;
  try {
    snapshot = pipelineWatch(env).snapshot();
  } catch (error) {
    const message = error instanceof SettingsError ? error.message : "the pipelines source settings cannot be read";
    return { reasons: [`pipelines source settings: ${message}`], state: { state: "not-configured" } };
  }
  const { good, problem } = snapshot;
  const inUse = good ? { origin: good.origin.path, ...(good.origin.commit ? { commit: good.origin.commit } : {}), pipelines: good.pipelines.length, since: good.since } : undefined;
  const state = {
    state: problem?.kind ?? (good ? "valid" : "not-read-yet"),
    source: snapshot.source,
    ...(snapshot.checkedAt ? { checkedAt: snapshot.checkedAt } : {}),
    ...(inUse ? { inUse } : {}),
    ...(problem ? { problems: problem.problems, since: problem.since, ...(problem.commit ? { commit: problem.commit } : {}) } : {}),
  };
  if (!problem) return { reasons: [], state };
  const keeping = good ? "running on the last good configuration" : "no valid configuration yet: images are kept until there is one";
  const what = problem.kind === "invalid" ? "the pipelines file is invalid" : "the pipelines source cannot be read";
  return { reasons: [`${what} (${keeping}): ${problem.problems.join("; ")}`], state };
}
