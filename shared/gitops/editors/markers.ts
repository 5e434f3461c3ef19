import { isScalar, visit } from "yaml";
import type { ImageEdit } from "../edit.js";
import { GitOpsError } from "../errors.js";
import { observeForm, textForForm } from "../fieldForm.js";
import type { ObservedImage } from "../imageRef.js";
import type { YamlDocument } from "../yaml/documents.js";
import { planScalar, scalarValue, type PlannedEdit, type SourceFile } from "../yaml/scalarEdit.js";
import type { TargetEditor } from "./editor.js";
import { batonMarker, fluxSetter, type Marker, type MarkerSyntax } from "./markerSyntax.js";

/** Values marked with a line comment. Every marked value is the image's: all of them are updated. */
export const markerEditor: TargetEditor = { plan, observe };

type Marked = { node: unknown; marker: Marker };

function syntaxFor(edit: ImageEdit): { syntax: MarkerSyntax; id: string; label: string } {
  switch (edit.target.kind) {
    case "flux-setter":
      return { syntax: fluxSetter, id: edit.target.policy, label: `{"$imagepolicy": "${edit.target.policy}"}` };
    case "baton-marker":
      return { syntax: batonMarker, id: edit.target.slot, label: `baton: ${edit.target.slot}` };
    case "kustomize":
    case "values":
    case "helm-release-chart":
    case "oci-repository":
    case "chart-dependency":
      throw new Error(`markerEditor got a ${edit.target.kind} target: this is a bug in Baton.`);
  }
}

/** Every value scalar (not key) whose own line ends with a matching marker comment. */
function findMarked(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): Marked[] {
  const { syntax, id, label } = syntaxFor(edit);
  const found: Marked[] = [];
  for (const doc of docs) {
    visit(doc, {
      Scalar(key, node) {
        if (key === "key" || !node.range) return;
        const end = node.range[1];
        const newline = source.text.indexOf("\n", end);
        const trailing = source.text.slice(end, newline < 0 ? undefined : newline).replace(/\r$/, "");
        const marker = syntax(trailing);
        if (marker?.id === id) found.push({ node, marker });
      },
    });
  }
  if (found.length === 0) throw new GitOpsError("target-not-found", `${source.path} has no value marked # ${label}.`);
  return found;
}

function plan(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): PlannedEdit[] {
  return findMarked(source, docs, edit).map(({ node, marker }) => {
    const where = `marker ${marker.id}${marker.form === "reference" ? "" : `:${marker.form}`}`;
    return planScalar(source, node, textForForm(marker.form, edit.image, `${source.path}: ${where}`), where);
  });
}

function observe(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): ObservedImage {
  const observed: ObservedImage = {};
  for (const { node, marker } of findMarked(source, docs, edit)) {
    const text = isScalar(node) ? scalarValue(node, source.path, marker.id) : undefined;
    if (text !== undefined) Object.assign(observed, observeForm(marker.form, text));
  }
  return observed;
}
