// A Kustomize entry with a digest runs that digest whatever newTag says, so moving an image to a
// tag-only version must remove the old digest (a rollback to a tag-only version depends on it).
import { describe, expect, it } from "vitest";
import { editText } from "../../shared/gitops/editFile.js";
import type { ImageEdit } from "../../shared/gitops/edit.js";

const digest = `sha256:${"a".repeat(64)}`;
const edit = (text: string, image: ImageEdit["image"]) => editText(text, { file: "kustomization.yaml", target: { kind: "kustomize" }, image });

describe("kustomize entries and stale digests", () => {
  const block = `images:\n  - name: acr.io/web\n    newTag: 1.4.2 # keep this comment\n    digest: ${digest}\n  - name: other\n    newTag: x\n`;

  it("removes the digest line when the new version is a tag only, touching nothing else", () => {
    const r = edit(block, { name: "acr.io/web", tag: "1.0.0" });
    expect(r.text).toBe("images:\n  - name: acr.io/web\n    newTag: 1.0.0 # keep this comment\n  - name: other\n    newTag: x\n");
    expect(r.changes.map((c) => [c.where, c.from, c.to])).toEqual([
      ["images[name=acr.io/web].newTag", "1.4.2", "1.0.0"],
      ["images[name=acr.io/web].digest", digest, "(removed)"],
    ]);
    expect(edit(r.text, { name: "acr.io/web", tag: "1.0.0" }).changed).toBe(false);
  });

  it("keeps CRLF line endings and handles flow maps", () => {
    expect(edit(block.replaceAll("\n", "\r\n"), { name: "acr.io/web", tag: "1.0.0" }).text).toBe(
      "images:\r\n  - name: acr.io/web\r\n    newTag: 1.0.0 # keep this comment\r\n  - name: other\r\n    newTag: x\r\n",
    );
    expect(edit(`images: [{name: acr.io/web, newTag: "1", digest: "${digest}"}]\n`, { name: "acr.io/web", tag: "2" }).text).toBe('images: [{name: acr.io/web, newTag: "2"}]\n');
  });

  it("leaves the digest alone when the new version has one", () => {
    const other = `sha256:${"b".repeat(64)}`;
    expect(edit(block, { name: "acr.io/web", tag: "1.5.0", digest: other }).text).toContain(`digest: ${other}`);
  });
});
