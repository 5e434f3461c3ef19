import type { FieldChange, ImageEdit } from "./edit.js";
import type { TargetEditor } from "./editors/editor.js";
import { chartDependencyEditor } from "./editors/chartDependency.js";
import { helmReleaseEditor, ociRepositoryEditor } from "./editors/fluxObjects.js";
import { kustomizeEditor } from "./editors/kustomize.js";
import { markerEditor } from "./editors/markers.js";
import { valuesEditor } from "./editors/values.js";
import type { ObservedImage } from "./imageRef.js";
import { parseDocuments } from "./yaml/documents.js";
import { applyPatches, type TextPatch } from "./yaml/patch.js";

/** The result of applying one edit to one file's text. `changes` is empty when nothing moved. */
export interface FileEditResult {
  text: string;
  changed: boolean;
  changes: FieldChange[];
}

function editorFor(edit: ImageEdit): TargetEditor {
  switch (edit.target.kind) {
    case "kustomize":
      return kustomizeEditor;
    case "values":
      return valuesEditor;
    case "flux-setter":
    case "baton-marker":
      return markerEditor;
    case "helm-release-chart":
      return helmReleaseEditor;
    case "oci-repository":
      return ociRepositoryEditor;
    case "chart-dependency":
      return chartDependencyEditor;
  }
}

/**
 * Applies an edit to a file's text. Only the target scalars' bytes change; applying the same edit
 * to the result changes nothing (the never-commit-twice rule starts here).
 */
export function editText(text: string, edit: ImageEdit): FileEditResult {
  const source = { path: edit.file, text };
  const planned = editorFor(edit).plan(source, parseDocuments(edit.file, text), edit);
  const patches = planned.flatMap((p): TextPatch[] => (p.patch ? [p.patch] : []));
  const changes = planned.filter((p) => p.patch).map((p) => p.change);
  return { text: applyPatches(text, patches), changed: patches.length > 0, changes };
}

/** What the file says about the image now: the value a stage currently runs. */
export function readImage(text: string, edit: ImageEdit): ObservedImage {
  return editorFor(edit).observe({ path: edit.file, text }, parseDocuments(edit.file, text), edit);
}
