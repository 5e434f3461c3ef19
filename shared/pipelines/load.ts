// The sources-only list that preceded the version 1 pipelines file (config/load.ts): kept because
// BATON_PIPELINES may still hold it where only ingestion runs (ingestion tests). It has no stages,
// so a promotion cannot pin a pipeline from it.
import semver from "semver";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import type { Pipeline } from "./types.js";
import { compilesAsRegex } from "./config/regex.js";

const tagPolicy = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("any") }),
  z.object({ kind: z.literal("regex"), pattern: z.string().min(1).refine(compilesAsRegex, "not a valid regular expression") }),
  z.object({
    kind: z.literal("semver"),
    range: z.string().min(1).refine((r) => semver.validRange(r) !== null, "not a valid semver range"),
    includePrerelease: z.boolean().optional(),
  }),
]);

const pipeline = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "use 1-40 lower-case letters, digits or dashes"),
  source: z.object({
    registry: z.string().min(1).transform((s) => s.toLowerCase()),
    repository: z.string().min(1).transform((s) => s.toLowerCase()),
    tags: tagPolicy.default({ kind: "any" }),
  }),
});

const pipelineFile = z.object({ pipelines: z.array(pipeline) }).refine(
  (f) => new Set(f.pipelines.map((p) => p.name)).size === f.pipelines.length,
  "pipeline names must be unique",
);

/** Parses `{ pipelines: [...] }` from YAML or JSON text; errors name the field and the origin. */
export function parsePipelines(text: string, origin: string): Pipeline[] {
  let raw: unknown;
  try {
    raw = parseYaml(text) as unknown;
  } catch (cause) {
    throw new Error(`${origin}: not valid YAML or JSON`, { cause });
  }
  const result = pipelineFile.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${origin}: ${issue?.path.join(".") || "pipelines"}: ${issue?.message ?? "invalid"}`);
  }
  return result.data.pipelines;
}

/** Whether text is the sources-only list (a `pipelines` list and no `version`), not a v1 file. */
export function isSourcesOnlyList(text: string): boolean {
  try {
    const raw = parseYaml(text) as unknown;
    return typeof raw === "object" && raw !== null && !Array.isArray(raw) && !("version" in raw) && "pipelines" in raw;
  } catch {
    return false;
  }
}
