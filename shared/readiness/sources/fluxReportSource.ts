import { waitKey } from "../../ingest/intake/waitKeys.js";
import type { FluxRevisionStore } from "../../store/ports.js";
import type { Observation } from "../observation.js";
import type { ReadinessSource } from "../source.js";
import { describeTarget, type ReadinessTarget } from "../target.js";
import { observationFromFluxReport } from "./fluxEvent.js";

/**
 * The last Flux event ingestion kept for the object (the signal router records every routed
 * report), so a wait that starts after the event still sees it.
 */
export function createFluxReportSource(revisions: FluxRevisionStore): ReadinessSource {
  return {
    async observe(target: ReadinessTarget): Promise<Observation> {
      const key = waitKey({ on: "flux", cluster: target.cluster, objectKind: target.kind, namespace: target.namespace, name: target.name });
      const report = await revisions.last(key);
      if (report) return observationFromFluxReport(report);
      return {
        kind: "unavailable",
        source: "flux-event",
        notFound: true,
        detail: `no ready or failed Flux event for ${describeTarget(target)} has reached Baton yet; check that an Alert routes its events to Baton`,
      };
    },
  };
}
