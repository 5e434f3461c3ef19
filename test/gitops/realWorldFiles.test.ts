import { describe, expect, it } from "vitest";
import { isMap, isScalar, isSeq, parseAllDocuments, type Scalar } from "yaml";
import { parsePath } from "../../shared/gitops/yaml/valuePath.js";
import { editText, readImage } from "../../shared/gitops/editFile.js";
import type { ImageEdit } from "../../shared/gitops/edit.js";
import { digestA, fixture, lineChanges } from "./helpers.js";

function edit(file: string, target: ImageEdit["target"], image: ImageEdit["image"]): ImageEdit {
  return { file, target, image };
}

describe("real-world GitOps files", () => {
  it("sets a HelmRelease's spec.values.image.tag in a multi-document file, keeping quotes and comment", () => {
    const text = fixture("fluxKustomizeHelm/release.yaml");
    const e = edit("release.yaml", { kind: "values", document: { kind: "HelmRelease" }, fields: [{ path: "spec.values.image.tag", form: "version" }] }, {
      name: "ghcr.io/stefanprodan/podinfo",
      tag: "6.6.0",
    });
    const result = editText(text, e);
    expect(lineChanges(text, result.text)).toEqual([[40, '      tag: "6.5.0"   # pinned until the next promotion', '      tag: "6.6.0"   # pinned until the next promotion']]);
    expect(result.changes).toEqual([{ file: "release.yaml", line: 40, where: "spec.values.image.tag", from: "6.5.0", to: "6.6.0" }]);
    expect(editText(result.text, e).changed).toBe(false);
    expect(readImage(result.text, e)).toEqual({ tag: "6.6.0" });
  });

  it("sets a repository+tag pair and a tag@digest version", () => {
    const text = fixture("fluxKustomizeHelm/release.yaml");
    const e = edit(
      "release.yaml",
      { kind: "values", fields: [{ path: "spec.values.redis.repository", form: "name" }, { path: "spec.values.redis.tag", form: "version" }] },
      { name: "docker.io/library/redis", tag: "7.2.4", digest: digestA },
    );
    const result = editText(text, e);
    expect(lineChanges(text, result.text)).toEqual([
      [33, "      repository: public.ecr.aws/docker/library/redis", "      repository: docker.io/library/redis"],
      [34, "      tag: 7.0.6", `      tag: 7.2.4@${digestA}`],
    ]);
    expect(readImage(result.text, e)).toEqual({ name: "docker.io/library/redis", tag: "7.2.4", digest: digestA });
  });

  it("updates a kustomize images entry and keeps single quotes", () => {
    const text = fixture("fluxKustomizeHelm/kustomization.yaml");
    const e = edit("k.yaml", { kind: "kustomize", entry: "redis" }, { name: "public.ecr.aws/docker/library/redis", tag: "7.2.4" });
    const result = editText(text, e);
    expect(lineChanges(text, result.text)).toEqual([[16, "    newTag: '7.0.6'", "    newTag: '7.2.4'"]]);
  });

  it("adds a digest field to an existing kustomize entry at the entry's indentation", () => {
    const text = fixture("aksGitops/clusterConfig.yaml");
    const e = edit("k.yaml", { kind: "kustomize" }, { name: "acme.azurecr.io/app", tag: "1.5.0", digest: digestA });
    const result = editText(text, e);
    expect(result.text).toBe(
      text.replace("  newTag: 1.4.1 # stage: staging\n", `  newTag: 1.5.0 # stage: staging\n  digest: ${digestA}\n`),
    );
    expect(editText(result.text, e).changed).toBe(false);
  });

  it("rewrites a Flux setter reference and leaves the unmarked container alone", () => {
    const text = fixture("fluxImageAutomation/deployment.yaml");
    const e = edit("d.yaml", { kind: "flux-setter", policy: "flux-system:podinfo" }, { name: "ghcr.io/stefanprodan/podinfo", tag: "5.1.0" });
    const result = editText(text, e);
    expect(lineChanges(text, result.text)).toEqual([
      [
        27,
        '        image: ghcr.io/stefanprodan/podinfo:5.0.3 # {"$imagepolicy": "flux-system:podinfo"}',
        '        image: ghcr.io/stefanprodan/podinfo:5.1.0 # {"$imagepolicy": "flux-system:podinfo"}',
      ],
    ]);
    expect(readImage(text, e)).toEqual({ name: "ghcr.io/stefanprodan/podinfo", tag: "5.0.3" });
  });

  it("fills the :name, :tag and :digest setters of a Helm values file, including an empty digest", () => {
    const text = fixture("fluxImageAutomation/values.yaml");
    const e = edit("v.yaml", { kind: "flux-setter", policy: "flux-system:podinfo" }, { name: "ghcr.io/stefanprodan/podinfo", tag: "5.1.0", digest: digestA });
    const result = editText(text, e);
    expect(lineChanges(text, result.text)).toEqual([
      [5, '  tag: 5.0.3 # {"$imagepolicy": "flux-system:podinfo:tag"}', '  tag: 5.1.0 # {"$imagepolicy": "flux-system:podinfo:tag"}'],
      [6, '  digest: "" # {"$imagepolicy": "flux-system:podinfo:digest"}', `  digest: "${digestA}" # {"$imagepolicy": "flux-system:podinfo:digest"}`],
    ]);
  });

  it("keeps CRLF line endings when editing Baton markers", () => {
    const text = fixture("aksGitops/helmreleaseCrlf.yaml");
    const e = edit("hr.yaml", { kind: "baton-marker", slot: "api-prod" }, { name: "acme.azurecr.io/team-a/api", tag: "2.4.0" });
    const result = editText(text, e);
    expect(result.text).toBe(text.replace('tag: "2.3.1"', 'tag: "2.4.0"'));
    expect(result.text.split("\r\n").length).toBe(text.split("\r\n").length);
    expect(readImage(result.text, e)).toEqual({ name: "acme.azurecr.io/team-a/api", tag: "2.4.0" });
  });
});

describe("every value of every real-world fixture can be edited alone", () => {
  const files = ["fluxKustomizeHelm/release.yaml", "fluxKustomizeHelm/kustomization.yaml", "fluxImageAutomation/deployment.yaml", "fluxImageAutomation/values.yaml", "aksGitops/helmreleaseCrlf.yaml", "aksGitops/clusterConfig.yaml"];

  /** Paths (in the edit path syntax) of every non-empty single-line scalar value in a document. */
  function scalarPaths(node: unknown, prefix: string): { path: string; node: Scalar }[] {
    if (isMap(node)) return node.items.flatMap((pair) => (isScalar(pair.key) ? scalarPaths(pair.value, `${prefix}[${JSON.stringify(String(pair.key.value))}]`) : []));
    if (isSeq(node)) return node.items.flatMap((item, i) => scalarPaths(item, `${prefix}[${i}]`));
    return isScalar(node) && node.type !== "BLOCK_LITERAL" && node.type !== "BLOCK_FOLDED" ? [{ path: prefix, node }] : [];
  }

  it.each(files)("%s", (file) => {
    const text = fixture(file);
    const docs = parseAllDocuments(text, { schema: "failsafe" });
    let checked = 0;
    docs.forEach((doc, index) => {
      for (const { path, node } of scalarPaths(doc.contents, "")) {
        const e = edit(file, { kind: "values", document: index, fields: [{ path, form: "version" }] }, { name: "acme/x", tag: "9.9.9-baton" });
        const result = editText(text, e);
        const changed = lineChanges(text.replaceAll("\r", ""), result.text.replaceAll("\r", ""));
        const line = text.slice(0, node.range?.[0] ?? 0).split("\n").length;
        expect(changed.map(([n]) => n)).toEqual([line]);
        // The document still parses to the same data with only that value replaced.
        const expected = parseAllDocuments(text).map((d) => d.toJS() as unknown);
        const target = parseAllDocuments(text)[index];
        target?.setIn(parsePath(path).map((s) => ("key" in s ? s.key : "index" in s ? s.index : "")), "9.9.9-baton");
        expected[index] = target?.toJS();
        expect(parseAllDocuments(result.text).map((d) => d.toJS() as unknown)).toEqual(expected);
        expect(editText(result.text, e).changed).toBe(false);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(5);
  });
});
