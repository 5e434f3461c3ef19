import semver from "semver";
import type { TagPolicy } from "./types.js";

/** Undefined when the tag is acceptable, otherwise the reason it is not. */
export function refuseTag(policy: TagPolicy, tag: string): string | undefined {
  switch (policy.kind) {
    case "any":
      return undefined;
    case "regex":
      return new RegExp(`^(?:${policy.pattern})$`).test(tag) ? undefined : `tag ${tag} does not match /${policy.pattern}/`;
    case "semver": {
      const version = semver.valid(tag);
      if (!version) return `tag ${tag} is not a semantic version`;
      const ok = semver.satisfies(version, policy.range, { includePrerelease: policy.includePrerelease ?? false });
      return ok ? undefined : `version ${version} is outside ${policy.range}`;
    }
  }
}
