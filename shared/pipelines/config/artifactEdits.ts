/**
 * A chart pipeline moves chart versions and an image pipeline moves images: an edit kind of the
 * other sort would write a chart version where an image tag belongs (or the reverse), so the
 * combination is a load error naming the edit and the kinds that fit.
 */
import type { EditTarget } from "../../gitops/edit.js";
import type { FieldPath } from "./errors.js";
import type { StageEdit } from "./model.js";

const CHART_KINDS: ReadonlySet<EditTarget["kind"]> = new Set(["helm-release-chart", "oci-repository", "chart-dependency"]);

/** Whether an edit kind writes a chart version (a chart pipeline's stage). */
export function isChartEdit(target: EditTarget): boolean {
  return CHART_KINDS.has(target.kind);
}

export function artifactEditProblems(artifact: "chart" | undefined, edits: readonly StageEdit[]): { path: FieldPath; message: string }[] {
  return edits.flatMap((edit, i) => {
    const chartEdit = isChartEdit(edit.target);
    if (artifact === "chart" && !chartEdit) {
      return [{ path: ["edits", i, "target", "kind"], message: `expected a chart edit kind (helm-release-chart, oci-repository or chart-dependency): this pipeline's source is a chart, and ${edit.target.kind} edits write image references` }];
    }
    if (artifact !== "chart" && chartEdit) {
      return [{ path: ["edits", i, "target", "kind"], message: `expected an image edit kind (kustomize, values, flux-setter or baton-marker): ${edit.target.kind} writes a chart version, so the pipeline's source must be chart: <registry>/<path>/<chart>` }];
    }
    return [];
  });
}
