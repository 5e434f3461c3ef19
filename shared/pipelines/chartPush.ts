/**
 * Which pushes to a chart repository are chart versions. ACR announces an OCI chart (`helm push`)
 * as an ordinary ImagePushed event: the manifest is an OCI image manifest and only its config
 * media type (`application/vnd.cncf.helm.config.v1+json`), which the event does not carry, says
 * chart. Here, from the event alone, Baton refuses what a chart push can never be: another
 * manifest type (a Docker manifest, a multi-arch index or list) or a tag that is not a SemVer 2
 * chart version; the door then reads the manifest's config media type from the registry
 * (shared/registry/inspect.ts, shared/ingest/intake/registryReads.ts).
 */
import semver from "semver";
import { chartVersionOfTag } from "./chartVersion.js";
import { matchesWhole } from "./config/regex.js";
import type { TagPolicy } from "./types.js";

/** The only manifest type `helm push` writes (Helm's OCI support, HIP-0006). */
export const HELM_CHART_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
/** The config media type that makes an OCI manifest a Helm chart. */
export const HELM_CHART_CONFIG = "application/vnd.cncf.helm.config.v1+json";

const OCI_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** Undefined when the push can be a version of a chart in this pipeline's range, otherwise why not. */
export function refuseChartPush(policy: TagPolicy, push: { repository: string; tag: string; mediaType?: string }): string | undefined {
  const { repository, tag, mediaType } = push;
  if (mediaType !== undefined && mediaType !== HELM_CHART_MANIFEST) {
    return `${repository}:${tag} is a ${mediaType} manifest, not a Helm chart: this pipeline promotes charts, and helm push writes ${HELM_CHART_MANIFEST} with config ${HELM_CHART_CONFIG} (push images to another repository)`;
  }
  if (!OCI_TAG.test(tag)) return "the tag is not an OCI tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127})";
  const version = chartVersionOfTag(tag);
  // SemVer 2, as Helm requires of a chart's version (with Helm's tolerated leading v); no loose forms like 1.4.
  if (semver.parse(version) === null) return `tag ${tag} is not a chart version: Helm chart versions are SemVer 2 (1.4.2, 1.5.0-rc.1; helm push tags 1.4.2+build.7 as 1.4.2_build.7)`;
  switch (policy.kind) {
    case "any":
      return undefined;
    case "regex":
      return matchesWhole(policy.pattern, tag) ? undefined : `tag ${tag} does not match /${policy.pattern}/`;
    case "semver": {
      const ok = semver.satisfies(version, policy.range, { includePrerelease: policy.includePrerelease ?? false });
      return ok ? undefined : `chart version ${version} is outside ${policy.range}`;
    }
  }
}
