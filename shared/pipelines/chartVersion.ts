/**
 * The chart version an OCI tag names: Helm stores SemVer's `+` as `_` in tags. Its own module
 * because the orchestrators use it (chart readiness) and must not load the regex engine that
 * chartPush.ts needs for tag policies (issue 13: cold start).
 */
export function chartVersionOfTag(tag: string): string {
  return tag.replaceAll("_", "+");
}
