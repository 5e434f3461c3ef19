import { isMap, isScalar, isSeq, type YAMLMap, type YAMLSeq } from "yaml";
import type { ImageEdit } from "../edit.js";
import { GitOpsError } from "../errors.js";
import type { ObservedImage } from "../imageRef.js";
import type { YamlDocument } from "../yaml/documents.js";
import { appendLines, columnOf } from "../yaml/insertLines.js";
import { planScalar, scalarValue, type PlannedEdit, type SourceFile } from "../yaml/scalarEdit.js";
import { renderNew } from "../yaml/scalarText.js";
import { stringAt } from "../yaml/valuePath.js";
import { lineOf } from "../yaml/documents.js";
import { removePair } from "../yaml/removePair.js";
import type { TargetEditor } from "./editor.js";

/** Kustomize `images:` entries (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/images/). */
export const kustomizeEditor: TargetEditor = { plan, observe };

type Entry = { item: YAMLMap; name: string };

function entryName(edit: ImageEdit): string {
  return edit.target.kind === "kustomize" && edit.target.entry ? edit.target.entry : edit.image.name;
}

function imagesOf(doc: YamlDocument): YAMLSeq | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const images = root.get("images", true);
  return isSeq(images) ? images : undefined;
}

function findEntries(docs: YamlDocument[], name: string): Entry[] {
  return docs.flatMap((doc) =>
    (imagesOf(doc)?.items ?? []).filter(isMap).flatMap((item) => (stringAt(item, "name") === name ? [{ item, name }] : [])),
  );
}

function findEntry(source: SourceFile, docs: YamlDocument[], name: string): Entry | undefined {
  const entries = findEntries(docs, name);
  if (entries.length > 1) {
    throw new GitOpsError("ambiguous-target", `${source.path} has ${entries.length} images entries named ${name}; keep one.`);
  }
  return entries[0];
}

type EntryKey = "newName" | "newTag" | "digest";

/**
 * What the entry should say after the edit: a value to write, or `undefined` to remove a stale
 * field (kustomize's own `edit set image`: a digest-only image drops `newTag`, a tag-only image
 * drops `digest`, because kustomize renders `name:tag@digest` and the runtime pulls the digest).
 * Parts listed in `keep` are left exactly as they are (kustomize's `*`).
 */
function wantedFields(edit: ImageEdit, name: string): [EntryKey, string | undefined][] {
  const keep = new Set(edit.target.kind === "kustomize" ? (edit.target.keep ?? []) : []);
  const { image } = edit;
  const fields: [EntryKey, string | undefined][] = [];
  if (!keep.has("name") && name !== image.name) fields.push(["newName", image.name]);
  if (!keep.has("tag")) fields.push(["newTag", image.tag]);
  if (!keep.has("digest")) fields.push(["digest", image.digest]);
  return fields;
}

function plan(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): PlannedEdit[] {
  const name = entryName(edit);
  const entry = findEntry(source, docs, name);
  const fields = wantedFields(edit, name);
  if (!entry) {
    if (edit.target.kind === "kustomize" && edit.target.addIfMissing) {
      return [addEntry(source, docs, name, fields.flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, v]])))];
    }
    throw new GitOpsError("target-not-found", `${source.path} has no images entry named ${name}; add one, or allow Baton to add it (addIfMissing).`);
  }
  return fields.flatMap(([key, value]): PlannedEdit[] => {
    const where = `images[name=${name}].${key}`;
    const pair = entry.item.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (value === undefined) return pair ? [removePair(source, entry.item, pair, where)] : [];
    return [pair ? planScalar(source, pair.value, value, where) : insertField(source, entry.item, key, value, where)];
  });
}

function insertField(source: SourceFile, item: YAMLMap, key: string, value: string, where: string): PlannedEdit {
  const end = item.range?.[1] ?? 0;
  const change = { file: source.path, line: lineOf(source.text, Math.max(0, end - 1)), where, from: undefined, to: value };
  if (item.flow) {
    // `- {name: web, newTag: 1.0}`: add `, key: value` before the closing brace.
    return { change, patch: { start: end - 1, end: end - 1, replacement: `, ${key}: ${renderNew(value)}` } };
  }
  const firstKey = item.items[0]?.key;
  const indent = " ".repeat(isScalar(firstKey) && firstKey.range ? columnOf(source.text, firstKey.range[0]) : 0);
  return { change, patch: appendLines(source, item, [`${indent}${key}: ${renderNew(value)}`]) };
}

function addEntry(source: SourceFile, docs: YamlDocument[], name: string, fields: [string, string][]): PlannedEdit {
  const doc = kustomizationDocument(source, docs);
  const root = doc.contents;
  const change = { file: source.path, line: lineOf(source.text, doc.range[1]), where: `images[name=${name}]`, from: undefined, to: fields.map(([, v]) => v).join(" ") };
  const images = imagesOf(doc);
  const entryLines = (dash: string, keyIndent: string): string[] => [
    `${dash}- name: ${renderNew(name)}`,
    ...fields.map(([k, v]) => `${keyIndent}${k}: ${renderNew(v)}`),
  ];
  if (images && !images.flow && images.range) {
    const dashColumn = columnOf(source.text, images.range[0]);
    const first = images.items.find(isMap)?.items[0]?.key;
    const keyColumn = isScalar(first) && first.range ? columnOf(source.text, first.range[0]) : dashColumn + 2;
    return { change, patch: appendLines(source, images, entryLines(" ".repeat(dashColumn), " ".repeat(keyColumn))) };
  }
  if (images || !isMap(root) || root.flow) {
    throw new GitOpsError("unsupported-target", `${source.path}: images is not a block list Baton can append to; add the ${name} entry by hand.`);
  }
  const firstKey = root.items[0]?.key;
  const indent = " ".repeat(isScalar(firstKey) && firstKey.range ? columnOf(source.text, firstKey.range[0]) : 0);
  return { change, patch: appendLines(source, root, [`${indent}images:`, ...entryLines(indent, `${indent}  `)]) };
}

/** The document to add an entry to: the only one, or the only `kind: Kustomization`. */
function kustomizationDocument(source: SourceFile, docs: YamlDocument[]): YamlDocument {
  const candidates = docs.length === 1 ? docs : docs.filter((d) => stringAt(d.contents, "kind") === "Kustomization");
  const [doc, ...rest] = candidates;
  if (!doc) throw new GitOpsError("target-not-found", `${source.path} has no Kustomization document to add an images entry to.`);
  if (rest.length > 0) throw new GitOpsError("ambiguous-target", `${source.path} has ${candidates.length} Kustomization documents; Baton will not guess which one to add an image to.`);
  return doc;
}

function observe(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): ObservedImage {
  const name = entryName(edit);
  const entry = findEntry(source, docs, name);
  if (!entry) throw new GitOpsError("target-not-found", `${source.path} has no images entry named ${name}.`);
  const read = (key: string): string | undefined => {
    const pair = entry.item.items.find((p) => isScalar(p.key) && p.key.value === key);
    return pair ? scalarValue(pair.value, source.path, `images[name=${name}].${key}`) : undefined;
  };
  const observed: ObservedImage = { name: read("newName") ?? name };
  const tag = read("newTag");
  const digest = read("digest");
  if (tag !== undefined) observed.tag = tag;
  if (digest !== undefined) observed.digest = digest;
  return observed;
}
