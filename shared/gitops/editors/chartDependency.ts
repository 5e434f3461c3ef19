/**
 * A Chart.yaml dependency's version (`dependencies[name=podinfo].version`). The sibling Chart.lock
 * is brought in step by `syncChartLock` (chartLock.ts), which applyEdits runs after this edit.
 */
import { isMap, isScalar, isSeq, type YAMLMap } from "yaml";
import { chartName, chartRepository, chartVersion, sameOciUrl } from "../chartVersion.js";
import type { ImageEdit } from "../edit.js";
import { GitOpsError } from "../errors.js";
import type { YamlDocument } from "../yaml/documents.js";
import { planScalar, scalarValue, type SourceFile } from "../yaml/scalarEdit.js";
import { stringAt } from "../yaml/valuePath.js";
import type { TargetEditor } from "./editor.js";

export interface FoundDependency {
  index: number;
  item: YAMLMap;
  name: string;
}

export function dependencyName(edit: ImageEdit): string {
  return edit.target.kind === "chart-dependency" && edit.target.name ? edit.target.name : chartName(edit.image.name);
}

/** The one dependency (by alias or name) that comes from the promoted chart's OCI repository. */
export function findDependency(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): FoundDependency {
  const [doc] = docs;
  const list = doc && isMap(doc.contents) ? doc.contents.get("dependencies", true) : undefined;
  if (!isSeq(list)) throw new GitOpsError("target-not-found", `${source.path} has no dependencies list; is it a chart's Chart.yaml?`);
  const name = dependencyName(edit);
  const matches = list.items.flatMap((item, index): FoundDependency[] =>
    isMap(item) && (stringAt(item, "alias") === name || (stringAt(item, "name") === name && stringAt(item, "alias") === undefined)) ? [{ index, item, name }] : [],
  );
  const [found, ...more] = matches;
  if (!found) throw new GitOpsError("target-not-found", `${source.path} has no dependency named ${name}.`);
  if (more.length > 0) throw new GitOpsError("ambiguous-target", `${source.path} has ${matches.length} dependencies named ${name}; give each an alias and name the alias.`);
  const repository = stringAt(found.item, "repository") ?? "";
  const expected = chartRepository(edit.image.name);
  if (!sameOciUrl(repository, expected) || stringAt(found.item, "name") !== chartName(edit.image.name)) {
    throw new GitOpsError(
      "target-not-found",
      `${source.path}: dependency ${name} is ${stringAt(found.item, "name") ?? "?"} from ${repository || "(no repository)"}, not ${chartName(edit.image.name)} from ${expected}.`,
    );
  }
  return found;
}

function versionPair(found: FoundDependency) {
  return found.item.items.find((p) => isScalar(p.key) && p.key.value === "version");
}

export const chartDependencyEditor: TargetEditor = {
  plan(source, docs, edit) {
    const found = findDependency(source, docs, edit);
    const pair = versionPair(found);
    if (!pair) throw new GitOpsError("target-not-found", `${source.path}: dependency ${found.name} has no version to set.`);
    return [planScalar(source, pair.value, chartVersion(edit.image, `${source.path}: dependency ${found.name}`), `dependencies[${found.index}].version`)];
  },
  observe(source, docs, edit) {
    const found = findDependency(source, docs, edit);
    const pair = versionPair(found);
    const version = pair ? scalarValue(pair.value, source.path, `dependencies[${found.index}].version`) : undefined;
    return { name: edit.image.name, ...(version === undefined ? {} : { tag: version }) };
  },
};
