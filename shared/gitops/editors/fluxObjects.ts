/**
 * Chart versions in Flux objects: a HelmRelease's `spec.chart.spec.version` and an OCIRepository's
 * `spec.ref`. Each edit checks that the object really is about the chart being promoted (the
 * release's chart name, the repository's `oci://` URL) before it changes a byte.
 */
import { isMap, isScalar, type YAMLMap } from "yaml";
import { chartName, chartVersion, sameOciUrl } from "../chartVersion.js";
import type { DocumentSelector, ImageEdit } from "../edit.js";
import { GitOpsError } from "../errors.js";
import type { ObservedImage } from "../imageRef.js";
import type { YamlDocument } from "../yaml/documents.js";
import { insertKeys } from "../yaml/insertKeys.js";
import { removePair } from "../yaml/removePair.js";
import { planScalar, scalarValue, type PlannedEdit, type SourceFile } from "../yaml/scalarEdit.js";
import { selectDocuments } from "../yaml/selectDocuments.js";
import { stringAt } from "../yaml/valuePath.js";
import type { TargetEditor } from "./editor.js";

interface FluxObject {
  doc: YamlDocument;
  name: string;
}

/** The one document of `kind` the selector allows. */
function theObject(source: SourceFile, docs: YamlDocument[], kind: string, selector: DocumentSelector | undefined): FluxObject {
  const found = selectDocuments(source.path, docs, selector).filter(({ doc }) => stringAt(doc.contents, "kind") === kind);
  const [first, ...more] = found;
  if (!first) throw new GitOpsError("target-not-found", `${source.path} has no ${kind}${selector === undefined ? "" : " matching the document selector"}.`);
  if (more.length > 0) throw new GitOpsError("ambiguous-target", `${source.path} has ${found.length} ${kind} objects; add a document selector ({ kind, name }).`);
  return { doc: first.doc, name: stringAt(first.doc.contents, "metadata.name") ?? "(unnamed)" };
}

function mapAt(root: unknown, keys: readonly string[]): YAMLMap | undefined {
  let node = root;
  for (const key of keys) {
    if (!isMap(node)) return undefined;
    node = node.get(key, true);
  }
  return isMap(node) ? node : undefined;
}

function pairOf(map: YAMLMap, key: string) {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key);
}

function selectorOf(edit: ImageEdit): DocumentSelector | undefined {
  return edit.target.kind === "helm-release-chart" || edit.target.kind === "oci-repository" ? edit.target.document : undefined;
}

/** `spec.chart.spec` of the HelmRelease, after checking it installs the promoted chart. */
function chartSpec(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): { object: FluxObject; spec: YAMLMap } {
  const object = theObject(source, docs, "HelmRelease", selectorOf(edit));
  const spec = mapAt(object.doc.contents, ["spec", "chart", "spec"]);
  if (!spec) {
    const chartRef = mapAt(object.doc.contents, ["spec", "chartRef"]);
    const hint = chartRef ? ` It takes its chart from ${stringAt(chartRef, "kind") ?? "a source"} ${stringAt(chartRef, "name") ?? ""} (spec.chartRef): promote the chart there (kind oci-repository).` : "";
    throw new GitOpsError("target-not-found", `${source.path}: HelmRelease ${object.name} has no spec.chart.spec.${hint}`);
  }
  const chart = stringAt(spec, "chart");
  const wanted = chartName(edit.image.name);
  if (chart !== wanted && !(chart !== undefined && sameOciUrl(chart, `oci://${edit.image.name}`))) {
    throw new GitOpsError("target-not-found", `${source.path}: HelmRelease ${object.name} installs chart ${chart ?? "(none)"}, not ${wanted}.`);
  }
  return { object, spec };
}

export const helmReleaseEditor: TargetEditor = {
  plan(source, docs, edit) {
    const { object, spec } = chartSpec(source, docs, edit);
    const version = chartVersion(edit.image, `${source.path}: HelmRelease ${object.name}`);
    const where = "spec.chart.spec.version";
    const pair = pairOf(spec, "version");
    return [pair ? planScalar(source, pair.value, version, where) : insertKeys(source, object.doc, spec, ["version"], version, where)];
  },
  observe(source, docs, edit) {
    const { spec } = chartSpec(source, docs, edit);
    const pair = pairOf(spec, "version");
    const version = pair ? scalarValue(pair.value, source.path, "spec.chart.spec.version") : undefined;
    return { name: edit.image.name, ...(version === undefined ? {} : { tag: version }) };
  },
};

/** `spec.ref` of the OCIRepository, after checking its URL is the promoted chart's. */
function ociRef(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): { object: FluxObject; ref: YAMLMap } {
  const object = theObject(source, docs, "OCIRepository", selectorOf(edit));
  const url = stringAt(object.doc.contents, "spec.url");
  if (url === undefined || !sameOciUrl(url, `oci://${edit.image.name}`)) {
    throw new GitOpsError("target-not-found", `${source.path}: OCIRepository ${object.name} points at ${url ?? "(no spec.url)"}, not oci://${edit.image.name}.`);
  }
  const ref = mapAt(object.doc.contents, ["spec", "ref"]);
  if (!ref) throw new GitOpsError("target-not-found", `${source.path}: OCIRepository ${object.name} has no spec.ref; add one (tag: <version>) so Baton can pin it.`);
  return { object, ref };
}

export const ociRepositoryEditor: TargetEditor = {
  plan(source, docs, edit) {
    const { object, ref } = ociRef(source, docs, edit);
    const field = edit.target.kind === "oci-repository" ? edit.target.field : undefined;
    // Flux's precedence is digest > semver > tag: write the one that decides, drop a stale digest.
    const key = field ?? (pairOf(ref, "semver") ? "semver" : "tag");
    const planned: PlannedEdit[] = [];
    if (edit.image.tag !== undefined) {
      const version = key === "semver" ? chartVersion(edit.image, source.path) : edit.image.tag;
      const pair = pairOf(ref, key);
      planned.push(pair ? planScalar(source, pair.value, version, `spec.ref.${key}`) : insertKeys(source, object.doc, ref, [key], version, `spec.ref.${key}`));
    }
    const digestPair = pairOf(ref, "digest");
    if (edit.image.digest !== undefined) {
      planned.push(digestPair ? planScalar(source, digestPair.value, edit.image.digest, "spec.ref.digest") : insertKeys(source, object.doc, ref, ["digest"], edit.image.digest, "spec.ref.digest"));
    } else if (digestPair) {
      planned.push(removePair(source, ref, digestPair, "spec.ref.digest"));
    }
    return planned;
  },
  observe(source, docs, edit) {
    const { ref } = ociRef(source, docs, edit);
    const read = (key: string): string | undefined => {
      const pair = pairOf(ref, key);
      return pair ? scalarValue(pair.value, source.path, `spec.ref.${key}`) : undefined;
    };
    const observed: ObservedImage = { name: edit.image.name };
    const tag = read("semver") ?? read("tag");
    const digest = read("digest");
    if (tag !== undefined) observed.tag = tag;
    if (digest !== undefined) observed.digest = digest;
    return observed;
  },
};
