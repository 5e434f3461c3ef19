/**
 * Helm charts in OCI registries: the chart `acme.azurecr.io/helm/podinfo` version `1.2.3+build`
 * is stored under the tag `1.2.3_build` (OCI tags have no `+`; Helm swaps it for `_` when it
 * pushes and back when it pulls). Files name the SemVer version, so Baton writes it back with `+`.
 */
import { GitOpsError } from "./errors.js";
import type { ImageVersion } from "./imageRef.js";

export function chartVersion(chart: ImageVersion, where: string): string {
  if (chart.tag === undefined) throw new GitOpsError("invalid-edit", `${where} holds a chart version, but the edit for ${chart.name} has only a digest.`);
  return chart.tag.replaceAll("_", "+");
}

/** `podinfo` from `acme.azurecr.io/helm/podinfo`. */
export function chartName(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

/** `oci://acme.azurecr.io/helm`: the repository a Chart.yaml dependency names for this chart. */
export function chartRepository(name: string): string {
  const slash = name.lastIndexOf("/");
  return `oci://${slash < 0 ? name : name.slice(0, slash)}`;
}

/** Compares OCI URLs the way registries do: scheme and host case-insensitive, no trailing slash. */
export function sameOciUrl(a: string, b: string): boolean {
  const norm = (u: string): string => u.trim().replace(/\/+$/, "").replace(/^oci:\/\/([^/]+)/i, (_m, host: string) => `oci://${host.toLowerCase()}`);
  return norm(a) === norm(b);
}
