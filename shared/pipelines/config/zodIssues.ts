import type { z } from "zod";
import type { FieldPath } from "./errors.js";
import { inlineSecretMessage, isInlineSecretKey } from "./secretNames.js";

/** A zod issue reduced to what a person needs: where, what is expected, and whether to point at a key. */
export interface PlainIssue {
  path: FieldPath;
  message: string;
  atKey?: boolean;
}

type Issue = z.core.$ZodIssue;

/**
 * Flattens zod issues for people: unknown keys become one issue each (secret-looking ones say
 * why they are refused), and a failed union reports the branch the input was meant for
 * instead of "Invalid input".
 */
export function plainIssues(issues: readonly Issue[], base: FieldPath = []): PlainIssue[] {
  return issues.flatMap((issue): PlainIssue[] => {
    const path = [...base, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: [...path, key],
        atKey: true,
        message: isInlineSecretKey(key) ? inlineSecretMessage(key) : `unknown field "${key}" (check the spelling against docs/pipelines.schema.json)`,
      }));
    }
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const meant = issue.errors.filter((branch) => !branch.some((i) => i.code === "invalid_type" && i.path.length === 0));
      const chosen = meant.length === 1 ? meant[0] : undefined;
      if (chosen) return plainIssues(chosen, path);
    }
    return [{ path, message: issue.message }];
  });
}
