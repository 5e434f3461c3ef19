import type { ImageEdit, ValueField } from "../edit.js";
import { GitOpsError } from "../errors.js";
import { observeForm, textForForm } from "../fieldForm.js";
import type { ObservedImage } from "../imageRef.js";
import type { YamlDocument } from "../yaml/documents.js";
import { planScalar, scalarValue, type PlannedEdit, type SourceFile } from "../yaml/scalarEdit.js";
import { selectDocuments } from "../yaml/selectDocuments.js";
import { findAll, parsePath } from "../yaml/valuePath.js";
import type { TargetEditor } from "./editor.js";

/** Values at paths: Helm values files, a HelmRelease's spec.values, a Deployment's container image. */
export const valuesEditor: TargetEditor = { plan, observe };

function fieldsOf(edit: ImageEdit): { fields: ValueField[]; target: Extract<ImageEdit["target"], { kind: "values" }> } {
  if (edit.target.kind !== "values") throw new Error(`valuesEditor got a ${edit.target.kind} target: this is a bug in Baton.`);
  return { fields: edit.target.fields, target: edit.target };
}

/** The one node a path reaches across the selected documents; none or several is a typed failure. */
function locate(source: SourceFile, docs: YamlDocument[], edit: ImageEdit, field: ValueField): unknown {
  const { target } = fieldsOf(edit);
  const steps = parsePath(field.path);
  const hits = selectDocuments(source.path, docs, target.document).flatMap(({ doc, index }) =>
    findAll(doc.contents, steps).map((node) => ({ node, index })),
  );
  const [first, ...others] = hits;
  if (!first) throw new GitOpsError("target-not-found", `${source.path} has no value at ${field.path}.`);
  if (others.length > 0) {
    const where = hits.map((h) => h.index).join(", ");
    throw new GitOpsError(
      "ambiguous-target",
      `${source.path}: ${field.path} matches ${hits.length} values (documents ${where}); add a document selector or a [key=value] step.`,
    );
  }
  return first.node;
}

function plan(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): PlannedEdit[] {
  return fieldsOf(edit).fields.map((field) =>
    planScalar(source, locate(source, docs, edit, field), textForForm(field.form, edit.image, `${source.path}: ${field.path}`), field.path),
  );
}

function observe(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): ObservedImage {
  const observed: ObservedImage = {};
  for (const field of fieldsOf(edit).fields) {
    const text = scalarValue(locate(source, docs, edit, field), source.path, field.path);
    if (text !== undefined) Object.assign(observed, observeForm(field.form, text));
  }
  return observed;
}
