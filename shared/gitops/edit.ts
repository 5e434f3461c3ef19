import type { ImageVersion } from "./imageRef.js";

/**
 * Which part of an image reference a YAML field holds:
 * - `reference`: `name:tag@digest` (a Deployment's `image:`);
 * - `name`: the repository alone (`image.repository` in Helm values);
 * - `version`: `tag`, `digest` or `tag@digest`, whichever the edit carries (`image.tag`);
 * - `tag` / `digest`: exactly that part;
 * - `registry` / `repository`: the name's registry host, and the name without it, for charts that
 *   keep them apart (`image.registry: docker.io`, `image.repository: bitnami/nginx`). A `name` field
 *   whose map also holds a non-empty `registry` is written the same way, without the registry.
 */
export type FieldForm = "reference" | "name" | "version" | "tag" | "digest" | "registry" | "repository";

/** An entry field a Kustomize edit can leave untouched. */
export type KustomizeKeep = "name" | "tag" | "digest";

/** Picks one document of a multi-document file: by position, or by `kind` and `metadata.name`. */
export type DocumentSelector = number | { kind?: string; name?: string };

/** A field inside a YAML document, addressed by a path such as `spec.values.image.tag`. */
export interface ValueField {
  /** Dot path; `[0]` indexes a list, `[name=web]` picks the list item whose `name` is `web`. */
  path: string;
  form: FieldForm;
}

/** Where in a file the image lives. */
export type EditTarget =
  | {
      kind: "kustomize";
      /** The `images[].name` to match; defaults to the image name. When it differs, `newName` is set. */
      entry?: string;
      /** Append an `images:` entry when none matches (otherwise that is `target-not-found`). */
      addIfMissing?: boolean;
      /**
       * Parts of the entry to leave exactly as they are (kustomize's `*`): `["tag", "digest"]`
       * with a bare image name changes only `newName` (a registry move); `["name"]` keeps `newName`.
       */
      keep?: KustomizeKeep[];
    }
  | {
      kind: "values";
      document?: DocumentSelector;
      fields: ValueField[];
      /**
       * Create a missing field, and its missing parent maps, under the deepest map the path reaches
       * (argocd-image-updater's behaviour). Off by default: a missing key is usually a wrong path.
       */
      createMissing?: boolean;
    }
  | {
      kind: "flux-setter";
      /** `namespace:policy` as written in `# {"$imagepolicy": "namespace:policy"}` markers. */
      policy: string;
    }
  | {
      kind: "baton-marker";
      /** The slot named in `# baton: <slot>` markers (see docs/gitops.md). */
      slot: string;
    }
  /**
   * Chart versions (the edit's image is the chart: `acme.azurecr.io/helm/podinfo`, tag = version;
   * an OCI tag's `_` is SemVer's `+`, as Helm writes it). A Flux HelmRelease's
   * `spec.chart.spec.version`; the release's `spec.chart.spec.chart` must be the chart's name.
   */
  | { kind: "helm-release-chart"; document?: DocumentSelector }
  /** A Flux OCIRepository's `spec.ref` (`tag`, or `semver` when the file uses it); `spec.url` must be `oci://<chart>`. */
  | { kind: "oci-repository"; document?: DocumentSelector; field?: "tag" | "semver" }
  /**
   * A Chart.yaml dependency's `version` (the dependency named `name`, default the chart's last path
   * segment; `repository` must be `oci://<registry/path>`), with the sibling Chart.lock kept in step.
   */
  | { kind: "chart-dependency"; name?: string };

/** "Set image NAME to TAG and/or DIGEST in this file." */
export interface ImageEdit {
  /** Path inside the repository, `/`-separated, no leading slash. */
  file: string;
  image: ImageVersion;
  target: EditTarget;
}

/** One scalar that an edit rewrote (or would rewrite), for diffs, logs and commit bodies. */
export interface FieldChange {
  file: string;
  /** 1-based line of the value in the original text (for inserted fields: the line it follows). */
  line: number;
  /** Human description of where: `images[name=web].newTag`, `spec.values.image.tag`, marker slot. */
  where: string;
  from: string | undefined;
  to: string;
}
