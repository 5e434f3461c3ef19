import semver from "semver";
import { matchesWhole } from "./config/regex.js";
import type { TagPolicy } from "./types.js";

// The OCI distribution spec's tag grammar: at most 128 characters. Anything else is refused
// before a policy looks at it, so no pattern ever runs over unbounded input.
const OCI_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** Undefined when the tag is acceptable, otherwise the reason it is not. */
export function refuseTag(policy: TagPolicy, tag: string): string | undefined {
  if (!OCI_TAG.test(tag)) return tag.length > 128 ? `the tag is ${tag.length} characters long; OCI tags have at most 128` : "the tag is not an OCI tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127})";
  switch (policy.kind) {
    case "any":
      return undefined;
    case "regex":
      return matchesWhole(policy.pattern, tag) ? undefined : `tag ${tag} does not match /${policy.pattern}/`;
    case "semver": {
      const version = semver.valid(tag);
      if (!version) return `tag ${tag} is not a semantic version`;
      const ok = semver.satisfies(version, policy.range, { includePrerelease: policy.includePrerelease ?? false });
      return ok ? undefined : `version ${version} is outside ${policy.range}`;
    }
  }
}
