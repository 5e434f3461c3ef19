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
    /** Set when the pipeline promotes several images together (shared/bundles, docs/bundles.md). */
    bundle?: BundleSpec;
  };
}

/** One image of a bundle, named for the edits that set it. */
export interface BundleMember {
  name: string;
  registry: string;
  repository: string;
}

/**
 * Images promoted together: `members[0]` is the pipeline's own `source.image` (the primary), the
 * others come from `source.bundle.images`. They belong together when they carry the same tag, or
 * the same source-commit label (`org.opencontainers.image.revision`), and all arrive within
 * `windowMs` of the first.
 */
export interface BundleSpec {
  members: BundleMember[];
  together: "tag" | "revision";
  windowMs: number;
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
