import { describe, expect, it } from "vitest";
import { editText } from "../../shared/gitops/editFile.js";
import type { ImageEdit } from "../../shared/gitops/edit.js";
import { parseImageEdit } from "../../shared/gitops/editSchema.js";
import { GitOpsError, type GitOpsFailureKind } from "../../shared/gitops/errors.js";
import { digestA } from "./helpers.js";

const image = { name: "acme/app", tag: "2.0.0" };
const valuesAt = (path: string, document?: number): ImageEdit => ({ file: "v.yaml", image, target: { kind: "values", document, fields: [{ path, form: "version" }] } });

function failure(run: () => unknown): { kind: GitOpsFailureKind; retryable: boolean; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof GitOpsError) return { kind: error.kind, retryable: error.retryable, message: error.message };
    throw error;
  }
  throw new Error("expected a GitOpsError");
}

describe("typed edit failures", () => {
  it("names a missing key", () => {
    expect(failure(() => editText("image:\n  repository: x\n", valuesAt("image.tag")))).toMatchObject({ kind: "target-not-found", retryable: false });
  });

  it("refuses to guess between documents, and a selector resolves it", () => {
    const text = "kind: HelmRelease\nmetadata: {name: a}\nimage: {tag: '1'}\n---\nkind: HelmRelease\nmetadata: {name: b}\nimage: {tag: '1'}\n";
    expect(failure(() => editText(text, valuesAt("image.tag"))).kind).toBe("ambiguous-target");
    const bySelector: ImageEdit = { ...valuesAt("image.tag"), target: { kind: "values", document: { name: "b" }, fields: [{ path: "image.tag", form: "version" }] } };
    expect(editText(text, bySelector).text).toBe(text.replace(/image: \{tag: '1'\}\n$/, "image: {tag: '2.0.0'}\n"));
    expect(editText(text, valuesAt("image.tag", 0)).text.startsWith("kind: HelmRelease\nmetadata: {name: a}\nimage: {tag: '2.0.0'}")).toBe(true);
  });

  it("picks list items by a field and refuses duplicates", () => {
    const text = "containers:\n- name: web\n  image: acme/app:1\n- name: db\n  image: pg:16\n";
    const edit: ImageEdit = { file: "d.yaml", image, target: { kind: "values", fields: [{ path: "containers[name=web].image", form: "reference" }] } };
    expect(editText(text, edit).text).toBe(text.replace("acme/app:1", "acme/app:2.0.0"));
    expect(failure(() => editText(text.replace("name: db", "name: web"), edit)).kind).toBe("ambiguous-target");
  });

  it("reports duplicated kustomize entries as ambiguous and a missing one as not found", () => {
    const dup = "images:\n- name: acme/app\n  newTag: '1'\n- name: acme/app\n  newTag: '1'\n";
    const edit: ImageEdit = { file: "k.yaml", image, target: { kind: "kustomize" } };
    expect(failure(() => editText(dup, edit)).kind).toBe("ambiguous-target");
    expect(failure(() => editText("resources: [a.yaml]\n", edit)).kind).toBe("target-not-found");
  });

  it("adds a kustomize entry when allowed, to an existing list or as a new images key", () => {
    const edit: ImageEdit = { file: "k.yaml", image: { ...image, digest: digestA }, target: { kind: "kustomize", addIfMissing: true } };
    expect(editText("images:\n  - name: other\n    newTag: x\n", edit).text).toBe(
      `images:\n  - name: other\n    newTag: x\n  - name: acme/app\n    newTag: 2.0.0\n    digest: ${digestA}\n`,
    );
    expect(editText("resources:\n- a.yaml", edit).text).toBe(`resources:\n- a.yaml\nimages:\n- name: acme/app\n  newTag: 2.0.0\n  digest: ${digestA}`);
    const once = editText("resources:\n- a.yaml\n", edit).text;
    expect(editText(once, edit).changed).toBe(false);
  });

  it("sets newName when the entry is matched by another name", () => {
    const edit: ImageEdit = { file: "k.yaml", image, target: { kind: "kustomize", entry: "app" } };
    expect(editText("images:\n- {name: app, newTag: '1'}\n", edit).text).toBe("images:\n- {name: app, newTag: '2.0.0', newName: acme/app}\n");
  });

  it("rejects invalid YAML, merge-key values and block scalars; follows an alias to the anchored value", () => {
    expect(failure(() => editText("image: [unclosed\n", valuesAt("image"))).kind).toBe("invalid-yaml");
    expect(editText("a: &t '1'\nimage:\n  tag: *t\n", valuesAt("image.tag")).text).toBe("a: &t '2.0.0'\nimage:\n  tag: *t\n");
    expect(failure(() => editText("d: &d\n  tag: '1'\nimage:\n  <<: *d\n", valuesAt("image.tag"))).message).toMatch(/merge key <<: \*d.*Target d\.tag/);
    expect(failure(() => editText("image:\n  tag: |\n    1\n", valuesAt("image.tag"))).kind).toBe("unsupported-target");
    expect(failure(() => editText("image:\n  tag: {a: 1}\n", valuesAt("image.tag"))).kind).toBe("unsupported-target");
  });

  it("reports a value already present as unchanged, not as a failure", () => {
    const result = editText("image:\n  tag: 2.0.0\n", valuesAt("image.tag"));
    expect(result).toEqual({ text: "image:\n  tag: 2.0.0\n", changed: false, changes: [] });
  });

  it("quotes a tag that YAML would read as a number", () => {
    expect(editText("image:\n  tag: v1\n", { ...valuesAt("image.tag"), image: { name: "acme/app", tag: "1.10" } }).text).toBe('image:\n  tag: "1.10"\n');
  });

  it("validates edits at the door with messages that name the field", () => {
    expect(failure(() => editText("image:\n  tag: a\n", { ...valuesAt("image.tag"), target: { kind: "values", fields: [{ path: "image.tag", form: "digest" }] } })).kind).toBe(
      "invalid-edit",
    );
    expect(failure(() => parseImageEdit({ file: "/abs.yaml", image: { name: "acme/app" }, target: { kind: "kustomize" } })).message).toMatch(
      /file: file must be relative.*image: give a tag, a digest or both/,
    );
    expect(parseImageEdit({ file: "a.yaml", image: { name: "acme/app", digest: digestA }, target: { kind: "flux-setter", policy: "ns:p" } }).target).toEqual({
      kind: "flux-setter",
      policy: "ns:p",
    });
    expect(failure(() => editText("a: 1\n", { ...valuesAt("a..b") })).kind).toBe("invalid-edit");
  });
});
