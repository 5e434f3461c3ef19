/**
 * Two pipelines that edit the same image entry of the same file in the same repository and
 * branch would undo each other's promotions (issue 9 point 2): a configuration error naming both.
 * Different images in one file (a common overlay layout) are fine.
 */
import type { EditTarget } from "../../gitops/edit.js";
import type { RepositoryRef, StageEdit } from "./model.js";

export interface EditClaim {
  pipeline: string;
  stage: string;
}

/** Remembers who edits what; `claim` answers the earlier pipeline when another already does. */
export class EditClaims {
  readonly #claims = new Map<string, EditClaim>();

  claim(repository: RepositoryRef, edit: StageEdit, image: string, by: EditClaim): { earlier: EditClaim; what: string } | undefined {
    for (const entry of entriesOf(edit.target, image)) {
      const what = `${entry} in ${edit.file}`;
      const key = JSON.stringify([repositoryKey(repository), repository.branch, edit.file, entry]);
      const earlier = this.#claims.get(key);
      if (earlier && earlier.pipeline !== by.pipeline) return { earlier, what };
      if (!earlier) this.#claims.set(key, by);
    }
    return undefined;
  }
}

function repositoryKey(ref: RepositoryRef): string {
  if (ref.provider === "github") return `github:${(ref.apiUrl ?? "").replace(/\/+$/, "")}:${ref.repository.toLowerCase()}`;
  if (ref.provider === "azure-devops") return `git:${ref.url.toLowerCase()}`;
  return `git:${ref.url.replace(/\/+$/, "").replace(/\.git$/, "").toLowerCase()}`;
}

/** The image entries a target rewrites, as people name them. */
function entriesOf(target: EditTarget, image: string): string[] {
  switch (target.kind) {
    case "kustomize":
      return [`the kustomize image ${target.entry ?? image}`];
    case "values": {
      const doc = target.document === undefined ? "" : ` of document ${JSON.stringify(target.document)}`;
      return target.fields.map((f) => `the values field ${f.path}${doc}`);
    }
    case "flux-setter":
      return [`the Flux setter ${target.policy}`];
    case "baton-marker":
      return [`the Baton marker ${target.slot}`];
    case "helm-release-chart":
      return [`the HelmRelease chart version${target.document === undefined ? "" : ` of document ${JSON.stringify(target.document)}`}`];
    case "oci-repository":
      return [`the OCIRepository ref${target.document === undefined ? "" : ` of document ${JSON.stringify(target.document)}`}`];
    case "chart-dependency":
      return [`the chart dependency ${target.name ?? image}`];
  }
}
