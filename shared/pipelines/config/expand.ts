import { completeStage } from "./completeStage.js";
import type { FieldPath } from "./errors.js";
import type { PipelineEntry, PipelinesFile } from "./fileSchema.js";
import { mergeLayers, sourceOf, type Layer } from "./merge.js";
import type { PinnedPipeline, StageConfig } from "./model.js";
import { withPlaceholders } from "./placeholders.js";
import type { StageLayer } from "./stageSchema.js";
import type { PlainIssue } from "./zodIssues.js";
import type { PipelineTrust } from "../../config/pipelineTrust.js";
import { EditClaims } from "./editClaims.js";
import { BundleImages, bundleSpecOf, editMember } from "./bundleRules.js";
import { trustProblems } from "./trustProblems.js";
import { artifactEditProblems } from "./artifactEdits.js";

/** Issue 5: a pipeline without `stages` runs these, each built from the template. */
export const DEFAULT_STAGES = ["dev", "staging", "pre-prod", "prod"] as const;

interface StageSource {
  name: string;
  layer: StageLayer;
  /** The stage's node; for default stages, the pipeline's. */
  path: FieldPath;
  namePath: FieldPath;
}

/**
 * Expands every pipeline into complete stages: file defaults, then the pipeline's git, then its
 * template, then the stage's own fields, with `{stage}` / `{pipeline}` replaced. Problems carry
 * the path where the offending value is written, which may be a default or the template.
 */
export function expandPipelines(file: PipelinesFile, origin: PinnedPipeline["origin"], trust: PipelineTrust): { pipelines: PinnedPipeline[]; issues: PlainIssue[] } {
  const issues = new IssueList();
  const claims = new EditClaims();
  const bundled = new BundleImages();
  // One report per pair of pipelines: the same clash in every stage of a template says nothing new.
  const clashes = new Set<string>();
  const pipelines = file.pipelines.flatMap((entry, i): PinnedPipeline[] => {
    const path = ["pipelines", i];
    const first = file.pipelines.findIndex((p) => p.name === entry.name);
    if (first < i) issues.add([...path, "name"], `expected unique pipeline names: "${entry.name}" is already the name of pipelines[${first}]`);
    const other = file.pipelines.findIndex((p) => p.source.registry === entry.source.registry && p.source.repository === entry.source.repository && p.source.artifact !== entry.source.artifact);
    if (other >= 0 && other < i) {
      const what = (artifact: "chart" | undefined) => (artifact === "chart" ? "Helm charts" : "images");
      issues.add([...path, "source"], `pipelines[${other}] promotes ${what(file.pipelines[other]?.source.artifact)} from ${entry.source.registry}/${entry.source.repository}, this one ${what(entry.source.artifact)}: one repository holds one or the other`);
    }
    const stages = stageSourcesOf(entry, path, issues);
    const bundle = bundleSpecOf(entry.source, path, (at, message) => issues.add(at, message));
    if (bundle && first === i) {
      bundle.members.forEach((member, m) => {
        const owner = bundled.claim(entry.name, member);
        const at = m === 0 ? [...path, "source", "image"] : [...path, "source", "bundle", "images", member.name];
        if (owner) issues.add(at, `expected each image in one bundle only: ${member.registry}/${member.repository} is already in the bundle of pipeline "${owner}"`);
      });
    }
    const { supersede: fileSupersede, ...fileDefaults } = file.defaults ?? {};
    const complete = stages.map((stage) => {
      const layers: Layer[] = [
        { value: fileDefaults, path: ["defaults"] },
        { value: { git: entry.git }, path },
        { value: entry.template, path: [...path, "template"] },
        { value: stage.layer, path: stage.path },
      ];
      const report = (field: FieldPath, message: string) => {
        const where = sourceOf(layers, field, stage.path);
        const inStage = stage.path.length > path.length && startsWith(where, stage.path);
        issues.add(where, message, inStage ? undefined : stage.name);
      };
      const merged = withPlaceholders(mergeLayers(layers) as StageLayer, { stage: stage.name, pipeline: entry.name }, (field, name) =>
        report(field, `unknown placeholder {${name}}: use {stage} or {pipeline}`),
      );
      const built = completeStage(stage.name, merged, report);
      if (!built) return undefined;
      for (const problem of trustProblems(built, trust)) report(problem.path, problem.message);
      for (const problem of artifactEditProblems(entry.source.artifact, built.edits)) report(problem.path, problem.message);
      // A duplicate name is its own error; claims compare different pipelines.
      let membersOk = true;
      built.edits.forEach((edit, e) => {
        const member = editMember(edit, entry.source.bundle ? bundle : undefined);
        if ("problem" in member) {
          membersOk = false;
          report(["edits", e, "image"], member.problem);
        }
      });
      if (!membersOk) return undefined;
      if (first === i) {
        built.edits.forEach((edit, e) => {
          const member = bundle?.members.find((m) => m.name === (edit.image ?? bundle.members[0]?.name)) ?? entry.source;
          const image = `${member.registry}/${member.repository}`;
          const clash = claims.claim(built.repository, edit, image, { pipeline: entry.name, stage: stage.name });
          const pair = JSON.stringify([clash?.earlier.pipeline, entry.name]);
          if (clash && !clashes.has(pair)) {
            clashes.add(pair);
            report(["edits", e], `pipelines "${clash.earlier.pipeline}" (stage ${clash.earlier.stage}) and "${entry.name}" (stage ${stage.name}) both edit ${clash.what} on branch ${built.repository.branch}: two pipelines may not promote into the same image entry; give each pipeline its own entry or file`);
          }
        });
      }
      return built;
    });
    if (complete.some((s) => s === undefined) || stages.length === 0) return [];
    return [
      {
        name: entry.name,
        source: {
          registry: entry.source.registry,
          repository: entry.source.repository,
          tags: entry.source.tags ?? { kind: "any" },
          ...(entry.source.artifact ? { artifact: entry.source.artifact } : {}),
          ...(bundle ? { bundle } : {}),
        },
        supersede: entry.supersede ?? fileSupersede ?? "newest-wins",
        stages: complete as StageConfig[],
        origin,
      },
    ];
  });
  return { pipelines, issues: issues.list() };
}

function stageSourcesOf(entry: PipelineEntry, path: FieldPath, issues: IssueList): StageSource[] {
  if (entry.stages === undefined) {
    if (entry.template === undefined) {
      issues.add(path, `expected stages or a template: without stages the pipeline runs ${DEFAULT_STAGES.join(", ")}, built from a template with {stage} in file paths and object names`);
      return [];
    }
    return DEFAULT_STAGES.map((name) => ({ name, layer: {}, path, namePath: path }));
  }
  const sources = entry.stages.map((stage, j): StageSource => {
    const at = [...path, "stages", j];
    if (typeof stage === "string") return { name: stage, layer: {}, path: at, namePath: at };
    const { name, ...layer } = stage;
    return { name, layer, path: at, namePath: [...at, "name"] };
  });
  sources.forEach((stage, j) => {
    const first = sources.findIndex((s) => s.name === stage.name);
    if (first < j) issues.add(stage.namePath, `expected unique stage names in a pipeline: "${stage.name}" is already stages[${first}]`);
  });
  return sources;
}

function startsWith(path: FieldPath, prefix: FieldPath): boolean {
  return prefix.every((part, i) => path[i] === part);
}

/** Collects issues; one written in a default or template and wrong for several stages is reported once, naming them. */
class IssueList {
  private readonly byKey = new Map<string, { path: FieldPath; message: string; stages: string[] }>();

  add(path: FieldPath, message: string, stage?: string): void {
    const key = JSON.stringify([path, message]);
    const found = this.byKey.get(key) ?? { path, message, stages: [] };
    if (stage !== undefined) found.stages.push(stage);
    this.byKey.set(key, found);
  }

  list(): PlainIssue[] {
    return [...this.byKey.values()].map(({ path, message, stages }) => ({
      path,
      message: stages.length === 0 ? message : `in stage${stages.length > 1 ? "s" : ""} ${stages.join(", ")}: ${message}`,
    }));
  }
}
