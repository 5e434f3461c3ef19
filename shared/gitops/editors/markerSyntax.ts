import type { FieldForm } from "../edit.js";

/** What a line comment marker says: which image it belongs to and which part of it the value holds. */
export interface Marker {
  id: string;
  form: FieldForm;
}

/** Reads a trailing line comment (the text after a value, up to the end of the line). */
export type MarkerSyntax = (trailing: string) => Marker | undefined;

const fluxForms: Record<string, FieldForm> = { tag: "tag", name: "name", digest: "digest" };

/**
 * Flux image-automation setters: `# {"$imagepolicy": "<namespace>:<policy>[:tag|:name|:digest]"}`.
 * Without a suffix the value is the whole reference, as image-automation-controller writes it.
 */
export const fluxSetter: MarkerSyntax = (trailing) => {
  const json = /^\s*#\s*(\{.*\})\s*$/.exec(trailing)?.[1];
  if (!json) return undefined;
  let policy: unknown;
  try {
    policy = (JSON.parse(json) as Record<string, unknown>)["$imagepolicy"];
  } catch {
    return undefined; // an ordinary comment that happens to contain braces
  }
  if (typeof policy !== "string") return undefined;
  const [namespace, name, suffix, ...rest] = policy.split(":");
  if (!namespace || !name || rest.length > 0) return undefined;
  const form = suffix === undefined ? "reference" : fluxForms[suffix];
  return form ? { id: `${namespace}:${name}`, form } : undefined;
};

const batonForms: ReadonlySet<string> = new Set(["reference", "name", "version", "tag", "digest"]);

/** Baton's marker, `# baton: <slot>[:reference|:name|:version|:tag|:digest]` (docs/gitops.md). */
export const batonMarker: MarkerSyntax = (trailing) => {
  const m = /^\s*#\s*baton:\s*([A-Za-z0-9][A-Za-z0-9._/-]*)(?::([a-z]+))?\s*$/.exec(trailing);
  if (!m?.[1]) return undefined;
  const form = m[2] ?? "reference";
  return batonForms.has(form) ? { id: m[1], form: form as FieldForm } : undefined;
};
