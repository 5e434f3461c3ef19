// The cases of argocd-image-updater's Test_SetHelmValue (pkg/argocd/update_test.go), run through
// Baton's values editor. argocd-image-updater compares its output byte for byte after trimming;
// Baton must produce the same bytes. Creating a missing key is opt-in in Baton (createMissing).
import { describe, expect, it } from "vitest";
import { editText } from "../../../shared/gitops/editFile.js";
import type { ImageEdit } from "../../../shared/gitops/edit.js";
import { GitOpsError } from "../../../shared/gitops/errors.js";

function setHelmValue(input: string, key: string, value: string, createMissing = true): string {
  const edit: ImageEdit = { file: "values.yaml", image: { name: "repo-name", tag: value }, target: { kind: "values", fields: [{ path: key, form: "tag" }], createMissing } };
  const result = editText(input, edit);
  expect(editText(result.text, edit).changed).toBe(false);
  return result.text;
}

const same = (a: string, b: string): void => expect(a.trim()).toBe(b.trim());

describe("argocd-image-updater's helm value cases", () => {
  it("Update existing Key", () => {
    same(setHelmValue("\nimage:\n  attributes:\n    name: repo-name\n    tag: v1.0.0\n", "image.attributes.tag", "v2.0.0"), "image:\n  attributes:\n    name: repo-name\n    tag: v2.0.0\n");
  });

  it("Update Key with dots", () => {
    same(setHelmValue("image.attributes.tag: v1.0.0", "image.attributes.tag", "v2.0.0"), "image.attributes.tag: v2.0.0");
  });

  it("Key not found: created under the existing parent", () => {
    same(setHelmValue("\nimage:\n  attributes:\n    name: repo-name\n", "image.attributes.tag", "v2.0.0"), "image:\n  attributes:\n    name: repo-name\n    tag: v2.0.0\n");
  });

  it("Key not found and not allowed to create: target-not-found naming the path", () => {
    expect(() => setHelmValue("\nimage:\n  attributes:\n    name: repo-name\n", "image.attributes.tag", "v2.0.0", false)).toThrow(/no value at image\.attributes\.tag .*createMissing/);
  });

  it("Root key not found", () => {
    same(setHelmValue("name: repo-name", "tag", "v2.0.0"), "name: repo-name\ntag: v2.0.0");
  });

  it("Empty values with deep key", () => {
    same(setHelmValue("{}", "image.attributes.tag", "v2.0.0"), "{image: {attributes: {tag: v2.0.0}}}");
  });

  it("Unexpected type for key", () => {
    const error = (() => {
      try {
        setHelmValue("\nimage:\n  attributes: v1.0.0\n", "image.attributes.tag", "v2.0.0");
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(GitOpsError);
    expect(error).toMatchObject({ kind: "unsupported-target" });
  });

  it("Aliases, comments, and multiline strings are preserved", () => {
    const before = "\nimage:\n  attributes:\n    name: &repo repo-name\n    tag: v1.0.0\n    # this is a comment\n    multiline: |\n      one\n      two\n      three\n    alias: *repo\n";
    same(setHelmValue(before, "image.attributes.tag", "v2.0.0"), before.replace("v1.0.0", "v2.0.0"));
  });

  it("Aliases to mappings are followed", () => {
    const before = "\nglobal:\n  attributes: &attrs\n    name: &repo repo-name\n    tag: v1.0.0\nimage:\n  attributes: *attrs\n";
    same(setHelmValue(before, "image.attributes.tag", "v2.0.0"), before.replace("v1.0.0", "v2.0.0"));
  });

  it("Aliases to scalars are followed", () => {
    const before = "\nimage:\n  attributes:\n    name: repo-name\n    version: &ver v1.0.0\n    tag: *ver\n";
    same(setHelmValue(before, "image.attributes.tag", "v2.0.0"), before.replace("v1.0.0", "v2.0.0"));
  });

  it.each([
    ["images[0].attributes.tag", "\nimages:\n- name: image-1\n  attributes:\n    name: repo-name\n    tag: 1.0.0\n", "\nimages:\n- name: image-1\n  attributes:\n    name: repo-name\n    tag: 2.0.0\n"],
    [
      "images[1].attributes.tag",
      "\nimages:\n- name: image-1\n  attributes:\n    name: repo-name\n    tag: 1.0.0\n- name: image-2\n  attributes:\n    name: repo-name\n    tag: 1.0.0\n",
      "\nimages:\n- name: image-1\n  attributes:\n    name: repo-name\n    tag: 1.0.0\n- name: image-2\n  attributes:\n    name: repo-name\n    tag: 2.0.0\n",
    ],
    ["extraContainers.images[0].attributes.tag", "\nextraContainers:\n  images:\n  - name: image-1\n    attributes:\n      name: repo-name\n      tag: 1.0.0\n", "\nextraContainers:\n  images:\n  - name: image-1\n    attributes:\n      name: repo-name\n      tag: 2.0.0\n"],
    ["extraContainers.images123[0].attributes.tag", "\nextraContainers:\n  images123:\n  - name: image-1\n    attributes:\n      name: repo-name\n      tag: 1.0.0\n", "\nextraContainers:\n  images123:\n  - name: image-1\n    attributes:\n      name: repo-name\n      tag: 2.0.0\n"],
  ])("yaml list: %s", (key, before, after) => {
    same(setHelmValue(before, key, "2.0.0"), after);
  });

  it.each([
    ["images[1].attributes.tag", "target-not-found"],
    ["images.attributes.tag", "unsupported-target"],
    ["image[0].attributes.tag", "unsupported-target"],
  ])("refuses %s (out of range, no index for a list, an index on a map)", (key, kind) => {
    const text = "\nimages:\n- name: image-1\n  attributes:\n    name: repo-name\n    tag: 1.0.0\nimage:\n  attributes:\n    tag: 1.0.0\n";
    const edit: ImageEdit = { file: "values.yaml", image: { name: "x", tag: "2.0.0" }, target: { kind: "values", fields: [{ path: key, form: "tag" }], createMissing: key !== "images[1].attributes.tag" } };
    expect(() => editText(text, edit)).toThrow(GitOpsError);
    try {
      editText(text, edit);
    } catch (e) {
      expect((e as GitOpsError).kind).toBe(kind);
    }
  });
});
