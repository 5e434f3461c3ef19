/**
 * What Baton needs to know about a pipeline to decide whether an image starts it. A
 * PinnedPipeline (config/model.ts), the full configuration, has these fields too.
 */
export type TagPolicy =
  | { kind: "semver"; range: string; includePrerelease?: boolean }
  /** The whole tag must match (the pattern is anchored). */
  | { kind: "regex"; pattern: string }
  | { kind: "any" };

export interface Pipeline {
  /** Lower-case letters, digits and dashes: it becomes part of promotion instance ids. */
  name: string;
  source: {
    /** Registry host: `myacr.azurecr.io`, `ghcr.io`. */
    registry: string;
    /** Repository path in that registry: `orders-api`, `acme/orders-api`. */
    repository: string;
    tags: TagPolicy;
    /** The repository holds Helm charts (pushed with `helm push`): each tag is a chart version. */
    artifact?: "chart";
  };
}

/** Why a pipeline watching the image's repository did not take it. */
export interface PipelineRefusal {
  pipeline: string;
  reason: string;
}

export interface PipelineMatches<P extends Pipeline = Pipeline> {
  matches: P[];
  /** Empty matches come with at least one reason, for the log and the response. */
  refusals: PipelineRefusal[];
}

export interface PipelineLookup<P extends Pipeline = Pipeline> {
  /** `mediaType`: the pushed manifest's, when the sender says (a chart pipeline refuses image manifests). */
  forImage(image: { registry: string; repository: string; tag: string; mediaType?: string }): PipelineMatches<P>;
}
