import type { ObservationSource } from "./observation.js";

/** The evidence a readiness wait succeeded with (architecture.md: never further than the evidence). */
export interface ReadyAt {
  /** The revision Flux reported: a git revision, or a chart version for a HelmRelease. */
  revision: string;
  /** Exactly the promoted commit, a later commit containing it, or a HelmRelease release match. */
  match: "promoted" | "descendant" | "release";
  source: ObservationSource;
  reportedAt: string;
}
