import type { DocumentSelector } from "../edit.js";
import { GitOpsError } from "../errors.js";
import type { YamlDocument } from "./documents.js";
import { stringAt } from "./valuePath.js";

/** The documents a selector allows, with their positions; all of them when there is no selector. */
export function selectDocuments(file: string, docs: YamlDocument[], selector: DocumentSelector | undefined): { doc: YamlDocument; index: number }[] {
  const all = docs.map((doc, index) => ({ doc, index }));
  if (selector === undefined) return all;
  if (typeof selector === "number") {
    const picked = all[selector];
    if (!picked) throw new GitOpsError("target-not-found", `${file} has ${docs.length} document(s); there is no document ${selector}.`);
    return [picked];
  }
  const picked = all.filter(
    ({ doc }) =>
      (selector.kind === undefined || stringAt(doc.contents, "kind") === selector.kind) &&
      (selector.name === undefined || stringAt(doc.contents, "metadata.name") === selector.name),
  );
  if (picked.length === 0) {
    throw new GitOpsError("target-not-found", `${file} has no document with kind ${selector.kind ?? "(any)"} and name ${selector.name ?? "(any)"}.`);
  }
  return picked;
}
