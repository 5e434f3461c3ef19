import { z } from "zod";
import { parseImageEdit } from "../../gitops/editSchema.js";
import { editPathProblem } from "./editPath.js";
import type { FieldPath } from "./errors.js";
import type { StageEdit } from "./model.js";
import type { StageLayer } from "./stageSchema.js";

type Report = (path: FieldPath, message: string) => void;

// parseImageEdit also checks the image, which a promotion supplies later: a well-formed stand-in
// lets its schema judge only what the file wrote (file and target).
const STAND_IN = { name: "registry.example/baton/stand-in", tag: "0" };

/** The stage's edits, checked by the GitOps edit schema itself. */
export function stageEditsOf(edits: StageLayer["edits"], report: Report): StageEdit[] {
  if (edits === undefined) {
    report(["edits"], "expected at least one edit (file and target) in the stage or the pipeline's template");
    return [];
  }
  return edits.flatMap((edit, i): StageEdit[] => {
    const pathProblem = editPathProblem(edit.file);
    if (pathProblem) {
      report(["edits", i, "file"], pathProblem);
      return [];
    }
    try {
      const parsed = parseImageEdit({ file: edit.file, image: STAND_IN, target: edit.target });
      return [{ file: parsed.file, target: parsed.target, ...(edit.image === undefined ? {} : { image: edit.image }) }];
    } catch (error) {
      const issues = error instanceof Error && error.cause instanceof z.ZodError ? error.cause.issues : [];
      if (issues.length === 0) report(["edits", i], error instanceof Error ? error.message : "invalid edit");
      for (const issue of issues) report(["edits", i, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))], issue.message);
      return [];
    }
  });
}
