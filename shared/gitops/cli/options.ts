import { parseArgs } from "node:util";
import type { DocumentSelector, EditTarget, FieldForm, ImageEdit, KustomizeKeep } from "../edit.js";
import { parseImageEdit } from "../editSchema.js";
import { GitOpsError } from "../errors.js";
import { parseReference } from "../imageRef.js";

export const usage = `Usage: baton-gitops <file-or-directory> [options]

Applies an image edit exactly as Baton would commit it and prints the unified diff.

Image (one of):
  --image NAME[:TAG][@DIGEST]      the image to set, e.g. ghcr.io/acme/web:1.4.2@sha256:...
  --edits FILE.json                one ImageEdit or an array (see docs/gitops.md); their
                                   "file" paths are relative to the directory argument
Target (with --image):
  --kustomize [--entry NAME] [--add-if-missing] [--keep name,tag,digest]
  --value PATH=FORM                repeatable; FORM: reference|name|version|tag|digest|
                                   registry|repository  [--create-missing]
  --document N | KIND[/NAME]       which document of a multi-document file
  --helm-release                   a HelmRelease's spec.chart.spec.version (image = chart)
  --oci-repository [--oci-field tag|semver]   a Flux OCIRepository's spec.ref
  --chart-dependency [NAME]        a Chart.yaml dependency's version (and Chart.lock)
  --flux-policy NAMESPACE:POLICY   Flux image-automation setter markers
  --baton-slot SLOT                Baton markers: # baton: SLOT[:FORM]
Other:
  --write                          write the result in place
  --help

Exit codes: 0 unchanged, 2 changed (diff printed), 1 error (as terraform plan -detailed-exitcode).`;

export interface CliOptions {
  path: string;
  edits: { edits: ImageEdit[]; relativeTo: "directory" } | { edit: Omit<ImageEdit, "file">; relativeTo: "file" };
  write: boolean;
}

export type ParsedCli = { help: true } | ({ help: false } & CliOptions);

function usageError(message: string): GitOpsError {
  return new GitOpsError("invalid-edit", `${message}\n\n${usage}`);
}

function documentSelector(text: string | undefined): DocumentSelector | undefined {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const [kind, name] = text.split("/");
  return { ...(kind ? { kind } : {}), ...(name ? { name } : {}) };
}

function target(values: Record<string, string | boolean | string[] | undefined>): EditTarget {
  const chosen = ["kustomize", "value", "flux-policy", "baton-slot", "helm-release", "oci-repository", "chart-dependency"].filter((k) => values[k] !== undefined && values[k] !== false);
  if (chosen.length !== 1) throw usageError("Choose exactly one target: --kustomize, --value, --flux-policy, --baton-slot, --helm-release, --oci-repository or --chart-dependency.");
  const document = documentSelector(values.document as string | undefined);
  if (values.kustomize) {
    const keep = typeof values.keep === "string" ? (values.keep.split(",").filter(Boolean) as KustomizeKeep[]) : undefined;
    return { kind: "kustomize", entry: values.entry as string | undefined, addIfMissing: values["add-if-missing"] === true, ...(keep ? { keep } : {}) };
  }
  if (values["helm-release"]) return { kind: "helm-release-chart", ...(document === undefined ? {} : { document }) };
  if (values["oci-repository"]) {
    const field = values["oci-field"] as "tag" | "semver" | undefined;
    return { kind: "oci-repository", ...(document === undefined ? {} : { document }), ...(field ? { field } : {}) };
  }
  if (values["chart-dependency"] !== undefined) {
    const name = values["chart-dependency"] as string;
    return { kind: "chart-dependency", ...(name ? { name } : {}) };
  }
  if (values["flux-policy"]) return { kind: "flux-setter", policy: values["flux-policy"] as string };
  if (values["baton-slot"]) return { kind: "baton-marker", slot: values["baton-slot"] as string };
  const fields = (values.value as string[]).map((spec) => {
    const eq = spec.lastIndexOf("=");
    if (eq < 0) throw usageError(`--value ${spec}: write PATH=FORM, e.g. spec.values.image.tag=version.`);
    return { path: spec.slice(0, eq), form: spec.slice(eq + 1) as FieldForm };
  });
  return { kind: "values", document, fields, ...(values["create-missing"] === true ? { createMissing: true } : {}) };
}

/** Parses argv (without node and script) into validated options; edits from JSON are parsed by the caller. */
export function parseCli(argv: string[], readJson: (path: string) => unknown): ParsedCli {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      image: { type: "string" },
      edits: { type: "string" },
      kustomize: { type: "boolean" },
      entry: { type: "string" },
      "add-if-missing": { type: "boolean" },
      keep: { type: "string" },
      "create-missing": { type: "boolean" },
      "helm-release": { type: "boolean" },
      "oci-repository": { type: "boolean" },
      "oci-field": { type: "string" },
      "chart-dependency": { type: "string" },
      value: { type: "string", multiple: true },
      document: { type: "string" },
      "flux-policy": { type: "string" },
      "baton-slot": { type: "string" },
      write: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return { help: true };
  const [path, ...extra] = positionals;
  if (!path || extra.length > 0) throw usageError("Give exactly one file or directory.");
  const write = values.write === true;
  if (values.edits !== undefined) {
    if (values.image !== undefined) throw usageError("Use either --image or --edits, not both.");
    const raw = readJson(values.edits);
    const edits = (Array.isArray(raw) ? raw : [raw]).map(parseImageEdit);
    return { help: false, path, write, edits: { edits, relativeTo: "directory" } };
  }
  if (values.image === undefined) throw usageError("Give --image NAME[:TAG][@DIGEST] or --edits FILE.json.");
  const ref = parseReference(values.image);
  const edit = parseImageEdit({ file: "preview.yaml", image: ref, target: target(values) });
  return { help: false, path, write, edits: { edit: { image: edit.image, target: edit.target }, relativeTo: "file" } };
}
