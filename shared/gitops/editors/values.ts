import { isMap, isScalar, type YAMLMap } from "yaml";
import type { ImageEdit, ValueField } from "../edit.js";
import { GitOpsError } from "../errors.js";
import { observeForm, textForForm } from "../fieldForm.js";
import { joinImageName, splitImageName } from "../imageName.js";
import type { ObservedImage } from "../imageRef.js";
import type { YamlDocument } from "../yaml/documents.js";
import { insertKeys } from "../yaml/insertKeys.js";
import { pathOf, walkPath, type PathHit, type PathMiss } from "../yaml/pathWalk.js";
import { planScalar, scalarValue, type PlannedEdit, type SourceFile } from "../yaml/scalarEdit.js";
import { selectDocuments } from "../yaml/selectDocuments.js";
import { parsePath, type PathStep } from "../yaml/valuePath.js";
import type { TargetEditor } from "./editor.js";

/** Values at paths: Helm values files, a HelmRelease's spec.values, a Deployment's container image. */
export const valuesEditor: TargetEditor = { plan, observe };

type ValuesTarget = Extract<ImageEdit["target"], { kind: "values" }>;

function targetOf(edit: ImageEdit): ValuesTarget {
  if (edit.target.kind !== "values") throw new Error(`valuesEditor got a ${edit.target.kind} target: this is a bug in Baton.`);
  return edit.target;
}

/** The field exists (`hit`), or it is missing and may be created under `miss.node` (`create`). */
type Located = { hit: PathHit; doc: YamlDocument } | { create: { doc: YamlDocument; map: YAMLMap; keys: string[] } };

/** The one node a path reaches across the selected documents; none or several is a typed failure. */
function locate(source: SourceFile, docs: YamlDocument[], target: ValuesTarget, field: ValueField): Located {
  const steps = parsePath(field.path);
  const walks = selectDocuments(source.path, docs, target.document).map(({ doc, index }) => ({ doc, index, ...walkPath(doc, steps), literal: literalKey(doc, steps) }));
  // argocd-image-updater reads `image.tag` as the key "image.tag" when no nested path exists.
  const hits = walks.flatMap((w) => (w.hits.length > 0 ? w.hits : w.literal).map((hit) => ({ hit, doc: w.doc, index: w.index })));
  const [first, ...others] = hits;
  if (first && others.length === 0) return first;
  if (first) {
    const where = hits.map((h) => h.index).join(", ");
    throw new GitOpsError("ambiguous-target", `${source.path}: ${field.path} matches ${hits.length} values (documents ${where}); add a document selector or a [key=value] step.`);
  }
  const misses = walks.flatMap((w) => w.misses.map((miss) => ({ miss, doc: w.doc })));
  const merged = misses.find((m) => m.miss.merged)?.miss.merged;
  if (merged) {
    throw new GitOpsError(
      "unsupported-target",
      `${source.path}: ${field.path} comes from the merge key <<: *${merged.alias}; editing it would change every map that merges &${merged.alias}. ` +
        `Target ${merged.anchoredPath} to change the shared value, or add the key under the merging map to change only this one.`,
    );
  }
  if (target.createMissing) return planCreate(source, misses, field);
  const deepest = misses.sort((a, b) => a.miss.remaining.length - b.miss.remaining.length)[0]?.miss;
  const reached = deepest ? ` (the path stops at ${describeStep(deepest.remaining[0])}${deepest.aliases.length ? `, through alias *${deepest.aliases.join(", *")}` : ""})` : "";
  throw new GitOpsError("target-not-found", `${source.path} has no value at ${field.path}${reached}; fix the path, or allow Baton to create it (createMissing).`);
}

function literalKey(doc: YamlDocument, steps: readonly PathStep[]): PathHit[] {
  if (steps.length < 2 || !steps.every((s) => "key" in s) || !isMap(doc.contents)) return [];
  const joined = steps.map((s) => ("key" in s ? s.key : "")).join(".");
  const root = doc.contents;
  return root.items.filter((p) => isScalar(p.key) && p.key.value === joined).map((p) => ({ node: p.value, parent: root, key: joined, aliases: [] }));
}

function describeStep(step: PathStep | undefined): string {
  if (!step) return "the end";
  if ("key" in step) return `key ${step.key}`;
  if ("index" in step) return `item [${step.index}]`;
  return `item [${step.match.key}=${step.match.value}]`;
}

function planCreate(source: SourceFile, misses: { miss: PathMiss; doc: YamlDocument }[], field: ValueField): Located {
  // Creating is only safe where the rest of the path is plain keys under an existing map.
  const candidates = misses.filter(({ miss }) => miss.remaining.every((s) => "key" in s));
  const [only, ...more] = candidates;
  if (!only) {
    const blocked = misses[0]?.miss;
    const what = blocked && !isMap(blocked.node) ? `${describeStep(blocked.remaining[0])} is under a ${isScalar(blocked.node) ? "value" : "list"}, not a map` : "the missing part is a list item";
    throw new GitOpsError("unsupported-target", `${source.path}: cannot create ${field.path}: ${what}. Baton creates missing keys only under maps.`);
  }
  if (more.length > 0) throw new GitOpsError("ambiguous-target", `${source.path}: ${field.path} could be created in ${candidates.length} places; add a document selector.`);
  if (!isMap(only.miss.node)) {
    throw new GitOpsError("unsupported-target", `${source.path}: cannot create ${field.path}: ${describeStep(only.miss.remaining[0])} would go under a value that is not a map.`);
  }
  return { create: { doc: only.doc, map: only.miss.node, keys: only.miss.remaining.map((s) => ("key" in s ? s.key : "")) } };
}

/** A `name` field beside a non-empty `registry` field: the chart joins them, so write them apart. */
function registrySibling(hit: PathHit, form: ValueField["form"]): YAMLMap | undefined {
  if (form !== "name" || !hit.parent || hit.key === "registry") return undefined;
  const registry = hit.parent.items.find((p) => isScalar(p.key) && p.key.value === "registry")?.value;
  return isScalar(registry) && typeof registry.value === "string" && registry.value !== "" ? hit.parent : undefined;
}

function describeAliases(doc: YamlDocument, hit: PathHit, path: string): string {
  if (hit.aliases.length === 0) return path;
  return `${path} (through *${hit.aliases.join(", *")}: ${pathOf(doc, hit.node) ?? "the anchored value"})`;
}

function planField(source: SourceFile, docs: YamlDocument[], edit: ImageEdit, field: ValueField): PlannedEdit[] {
  const located = locate(source, docs, targetOf(edit), field);
  const where = `${source.path}: ${field.path}`;
  if ("create" in located) {
    const { doc, map, keys } = located.create;
    return [insertKeys(source, doc, map, keys, textForForm(field.form, edit.image, where), field.path)];
  }
  const { hit, doc } = located;
  const label = describeAliases(doc, hit, field.path);
  const splitParent = registrySibling(hit, field.form);
  if (!splitParent) return [planScalar(source, hit.node, textForForm(field.form, edit.image, where), label)];
  // `registry: docker.io` + `repository: bitnami/nginx`: the chart renders registry/repository.
  const parts = splitImageName(edit.image.name);
  const planned = [planScalar(source, hit.node, parts.repository, label)];
  const registryPair = splitParent.items.find((p) => isScalar(p.key) && p.key.value === "registry");
  if (parts.registry !== undefined && registryPair) {
    const registryPath = field.path.replace(/[^.[\]]+$|\["[^"]*"\]$/, "registry");
    planned.push(planScalar(source, registryPair.value, parts.registry, registryPath));
  }
  return planned;
}

function plan(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): PlannedEdit[] {
  return targetOf(edit).fields.flatMap((field) => planField(source, docs, edit, field));
}

function observe(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): ObservedImage {
  const target = targetOf(edit);
  const observed: ObservedImage = {};
  let registry: string | undefined;
  let repository: string | undefined;
  for (const field of target.fields) {
    const located = locate(source, docs, { ...target, createMissing: false }, field);
    if ("create" in located) continue;
    const text = scalarValue(located.hit.node, source.path, field.path);
    if (text === undefined) continue;
    const splitParent = registrySibling(located.hit, field.form);
    if (splitParent) {
      const value = splitParent.items.find((p) => isScalar(p.key) && p.key.value === "registry")?.value;
      Object.assign(observed, { name: joinImageName(isScalar(value) ? String(value.value) : undefined, text) });
    } else if (field.form === "registry") registry = text;
    else if (field.form === "repository") repository = text;
    else Object.assign(observed, observeForm(field.form, text));
  }
  if (repository !== undefined) observed.name = joinImageName(registry, repository);
  return observed;
}
