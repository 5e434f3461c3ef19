// What a commit says ran before it (issue 13): the version each edit's file held in the very text
// the commit was built on, so the commit step needs no separate read (and nothing can land in
// between). It must equal what a separate read of that text says, edit by edit.
import { describe, expect, it } from "vitest";
import { applyEdits } from "../../shared/gitops/applyEdits.js";
import type { ImageEdit } from "../../shared/gitops/edit.js";
import { readImage } from "../../shared/gitops/editFile.js";

const KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
images:
  - name: myacr.azurecr.io/orders-api
    newTag: 1.4.0 # promoted by Baton
  - name: myacr.azurecr.io/worker
    newTag: 2.0.0
    digest: sha256:${"a".repeat(64)}
`;

const files = new Map([["apps/dev/kustomization.yaml", KUSTOMIZATION]]);
const read = (path: string): Promise<string | undefined> => Promise.resolve(files.get(path));

function edit(name: string, tag: string, addIfMissing = false): ImageEdit {
  return { file: "apps/dev/kustomization.yaml", image: { name, tag }, target: { kind: "kustomize", ...(addIfMissing ? { addIfMissing } : {}) } };
}

describe("a commit's `before`", () => {
  it("is, per edit, what a separate read of the original text says", async () => {
    const edits = [edit("myacr.azurecr.io/orders-api", "1.5.0"), edit("myacr.azurecr.io/worker", "2.1.0")];
    const result = await applyEdits(read, edits);
    expect(result.before).toEqual(edits.map((e) => readImage(KUSTOMIZATION, e)));
    expect(result.before).toEqual([{ name: "myacr.azurecr.io/orders-api", tag: "1.4.0" }, { name: "myacr.azurecr.io/worker", tag: "2.0.0", digest: `sha256:${"a".repeat(64)}` }]);
  });

  it("reads the original text even when an earlier edit of the same commit changed the file", async () => {
    const result = await applyEdits(read, [edit("myacr.azurecr.io/orders-api", "1.5.0"), edit("myacr.azurecr.io/orders-api", "1.6.0")]);
    expect(result.before.map((b) => b?.tag)).toEqual(["1.4.0", "1.4.0"]);
  });

  it("is undefined for an entry the commit adds (nothing to roll back to)", async () => {
    const result = await applyEdits(read, [edit("myacr.azurecr.io/billing", "0.1.0", true)]);
    expect(result.files.size).toBe(1);
    expect(result.before).toEqual([undefined]);
  });
});
