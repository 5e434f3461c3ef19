import type { ImageEdit } from "../edit.js";
import type { ObservedImage } from "../imageRef.js";
import type { YamlDocument } from "../yaml/documents.js";
import type { PlannedEdit, SourceFile } from "../yaml/scalarEdit.js";

/** One way of finding an image in a YAML file: plans the change and reads what is there now. */
export interface TargetEditor {
  plan(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): PlannedEdit[];
  observe(source: SourceFile, docs: YamlDocument[], edit: ImageEdit): ObservedImage;
}
