/**
 * Keeps a chart's Chart.lock in step when Baton changes a dependency version in Chart.yaml.
 * `helm dependency build` (and so Argo CD and `helm install` from a directory) refuses a chart
 * whose Chart.lock digest is not Helm's hash of the Chart.yaml dependencies and the locked ones:
 * sha256 of Go's json.Marshal([2][]*chart.Dependency{req, lock}) (helm internal/resolver HashReq).
 * Baton recomputes that hash, first checking it reproduces the digest already in the file, and
 * refuses with a clear message when it cannot keep the lock consistent.
 */
import { createHash } from "node:crypto";
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap } from "yaml";
import type { FieldChange } from "./edit.js";
import { GitOpsError } from "./errors.js";
import { parseDocuments } from "./yaml/documents.js";
import { applyPatches } from "./yaml/patch.js";
import { planScalar } from "./yaml/scalarEdit.js";

type Json = string | boolean | number | null | Json[] | { [key: string]: Json };

/** Go's encoding/json output for a value (map keys sorted, <, > and & escaped as \u003c...). */
function goJson(value: Json): string {
  const sorted = (v: Json): Json => (Array.isArray(v) ? v.map(sorted) : v !== null && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k] as Json)])) : v);
  return JSON.stringify(sorted(value)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** One dependency as helm's chart.Dependency struct marshals it: field order and omitempty. */
function dependencyJson(item: unknown, where: string): string {
  if (!isMap(item)) throw new GitOpsError("unsupported-target", `${where} is not a map.`);
  const data = item.toJSON() as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const v = data[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    throw new GitOpsError("unsupported-target", `${where}.${key} is not a single value.`);
  };
  const parts: string[] = [`"name":${goJson(text("name") ?? "")}`];
  const version = text("version");
  if (version) parts.push(`"version":${goJson(version)}`);
  parts.push(`"repository":${goJson(text("repository") ?? "")}`);
  const condition = text("condition");
  if (condition) parts.push(`"condition":${goJson(condition)}`);
  const tags = data.tags;
  if (Array.isArray(tags) && tags.length > 0) parts.push(`"tags":${goJson(tags.map(String))}`);
  if (text("enabled") === "true") parts.push(`"enabled":true`);
  const importValues = data["import-values"];
  if (Array.isArray(importValues) && importValues.length > 0) parts.push(`"import-values":${goJson(importValues as Json[])}`);
  const alias = text("alias");
  if (alias) parts.push(`"alias":${goJson(alias)}`);
  return `{${parts.join(",")}}`;
}

function dependencies(text: string, file: string): unknown[] {
  // Typed read (core schema), as Helm's loader sees the values; failsafe parse already checked syntax.
  const contents = parseDocument(text).contents;
  const list = isMap(contents) ? contents.get("dependencies", true) : undefined;
  if (!isSeq(list)) throw new GitOpsError("unsupported-target", `${file} has no dependencies list.`);
  return list.items;
}

export function helmDependencyDigest(chartText: string, lockText: string, chartFile: string, lockFile: string): string {
  const req = dependencies(chartText, chartFile).map((d, i) => dependencyJson(d, `${chartFile} dependencies[${i}]`));
  const lock = dependencies(lockText, lockFile).map((d, i) => dependencyJson(d, `${lockFile} dependencies[${i}]`));
  const data = `[[${req.join(",")}],[${lock.join(",")}]]`;
  return `sha256:${createHash("sha256").update(data, "utf8").digest("hex")}`;
}

/** The lock file beside a Chart.yaml. */
export function lockPathFor(chartFile: string): string {
  const slash = chartFile.lastIndexOf("/");
  return `${slash < 0 ? "" : chartFile.slice(0, slash + 1)}Chart.lock`;
}

export interface LockSync {
  text: string;
  changes: FieldChange[];
  /** The archive Helm would have vendored for the old version, which must not exist. */
  vendored: string;
}

/**
 * The new Chart.lock text after dependency `index` moved to `version`. `oldChart` must be the
 * Chart.yaml the lock was made for (checked through its digest), `newChart` the edited one.
 */
export function syncChartLock(lockFile: string, lockText: string, chartFile: string, oldChart: string, newChart: string, index: number, version: string): LockSync {
  const [doc] = parseDocuments(lockFile, lockText);
  const root = doc?.contents;
  const digestPair = isMap(root) ? root.items.find((p) => isScalar(p.key) && p.key.value === "digest") : undefined;
  const list = isMap(root) ? root.get("dependencies", true) : undefined;
  if (!doc || !digestPair || !isSeq(list)) throw new GitOpsError("unsupported-target", `${lockFile} has no digest and dependencies; run helm dependency update and commit it, then promote again.`);
  const recorded = isScalar(digestPair.value) ? String(digestPair.value.value) : "";
  if (helmDependencyDigest(oldChart, lockText, chartFile, lockFile) !== recorded) {
    throw new GitOpsError(
      "unsupported-target",
      `${lockFile} is not the lock Helm made for ${chartFile} (its digest does not match the dependencies); run helm dependency update, commit, and promote again.`,
    );
  }
  const entry = list.items[index] as YAMLMap | undefined;
  const name = isMap(entry) ? entry.get("name") : undefined;
  const chartNameAt = (dependencies(oldChart, chartFile)[index] as YAMLMap | undefined)?.get("name");
  const versionPair = isMap(entry) ? entry.items.find((p) => isScalar(p.key) && p.key.value === "version") : undefined;
  if (!versionPair || name !== chartNameAt) throw new GitOpsError("unsupported-target", `${lockFile} dependencies[${index}] is not ${String(chartNameAt)}; run helm dependency update first.`);
  const source = { path: lockFile, text: lockText };
  const oldVersion = isScalar(versionPair.value) ? String(versionPair.value.value) : "";
  const versionEdit = planScalar(source, versionPair.value, version, `dependencies[${index}].version`);
  const afterVersion = applyPatches(lockText, versionEdit.patch ? [versionEdit.patch] : []);
  const digest = helmDependencyDigest(newChart, afterVersion, chartFile, lockFile);
  const [edited] = parseDocuments(lockFile, afterVersion);
  const newDigestNode = isMap(edited?.contents) ? edited.contents.items.find((p) => isScalar(p.key) && p.key.value === "digest")?.value : undefined;
  const digestEdit = planScalar({ path: lockFile, text: afterVersion }, newDigestNode, digest, "digest");
  const text = applyPatches(afterVersion, digestEdit.patch ? [digestEdit.patch] : []);
  const changes = [versionEdit, digestEdit].filter((p) => p.patch).map((p) => p.change);
  const dir = lockFile.slice(0, lockFile.length - "Chart.lock".length);
  return { text, changes, vendored: `${dir}charts/${String(name)}-${oldVersion}.tgz` };
}
