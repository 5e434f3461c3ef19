import semver from "semver";
import { z } from "zod";
import { compilesAsRegex, REGEX_SYNTAX_HINT } from "./regex.js";

/** Which tags of the watched image start a promotion; shared by the v1 file and the legacy list. */
export const tagPolicySchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("any") }),
    z.strictObject({
      kind: z.literal("regex"),
      pattern: z.string().min(1).refine(compilesAsRegex, `${REGEX_SYNTAX_HINT}; the whole tag must match`),
    }),
    z.strictObject({
      kind: z.literal("semver"),
      range: z.string().min(1).refine((r) => semver.validRange(r) !== null, "expected a valid semver range such as ^1.4.0 or >=2.0.0 <3.0.0"),
      includePrerelease: z.boolean().optional(),
    }),
  ])
  .meta({ id: "tagPolicy", description: "Which tags start a promotion: any, a regex the whole tag matches, or a semver range." });
