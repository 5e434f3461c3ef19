import type { ObservationSource, Reported } from "../observation.js";
import type { ApplicationState } from "./applicationState.js";

/**
 * An Application's state as an observation. Argo CD keeps no generation pair comparable to
 * Flux's, so the report is taken as current; the judge relates its revisions to the commit.
 */
export function observeApplication(state: ApplicationState, source: ObservationSource, reportedAt: string): Reported {
  const base: Reported = { kind: "reported", source, reportedAt, appliedRevision: state.syncedRevision };
  switch (state.outcome) {
    case "ready":
      return { ...base, ready: { status: "True", reason: state.reason, message: state.message }, appliedRevision: state.revision };
    case "failed":
      return { ...base, ready: { status: "False", reason: state.reason, message: state.message }, attemptedRevision: state.revision };
    case "progressing":
      return { ...base, ready: { status: "Unknown", reason: state.reason, message: state.message } };
  }
}
