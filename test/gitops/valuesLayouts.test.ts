// Values layouts beyond a single tag: charts that keep registry and repository apart (Bitnami),
// keys created on request, and fields reached through YAML aliases.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { editText, readImage } from "../../shared/gitops/editFile.js";
import type { ImageEdit } from "../../shared/gitops/edit.js";
import { digestA, fixture, lineChanges } from "./helpers.js";
import { tag } from "./yamlArbitraries.js";

const bitnami = (image: ImageEdit["image"], prefix = "image"): ImageEdit => ({
  file: "values.yaml",
  image,
  target: { kind: "values", fields: [{ path: `${prefix}.repository`, form: "name" }, { path: `${prefix}.tag`, form: "tag" }, { path: `${prefix}.digest`, form: "digest" }] },
});

describe("charts that keep registry and repository apart", () => {
  const text = fixture("bitnami/values.yaml");

  it("writes the repository without the registry (not docker.io/docker.io/...)", () => {
    const edit = bitnami({ name: "docker.io/bitnami/nginx", tag: "1.27.2-debian-12-r0", digest: digestA });
    const result = editText(text, edit);
    expect(lineChanges(text, result.text)).toEqual([
      [19, "  tag: 1.25.4-debian-12-r3", "  tag: 1.27.2-debian-12-r0"],
      [20, '  digest: ""', `  digest: "${digestA}"`],
    ]);
    expect(readImage(result.text, edit)).toEqual({ name: "docker.io/bitnami/nginx", tag: "1.27.2-debian-12-r0", digest: digestA });
    expect(editText(result.text, edit).changed).toBe(false);
  });

  it("moves the registry too when the image comes from another registry (a mirror in ACR)", () => {
    const edit = bitnami({ name: "acme.azurecr.io/mirror/bitnami/nginx-exporter", tag: "1.3.0", digest: digestA }, "metrics.image");
    const result = editText(text, edit);
    expect(lineChanges(text, result.text)).toEqual([
      [28, "    registry: docker.io", "    registry: acme.azurecr.io"],
      [29, "    repository: bitnami/nginx-exporter", "    repository: mirror/bitnami/nginx-exporter"],
      [30, "    tag: 1.1.0-debian-12-r5", "    tag: 1.3.0"],
      [31, '    digest: ""', `    digest: "${digestA}"`],
    ]);
    expect(readImage(result.text, edit).name).toBe("acme.azurecr.io/mirror/bitnami/nginx-exporter");
  });

  it("explicit registry and repository forms", () => {
    const edit: ImageEdit = { file: "v.yaml", image: { name: "ghcr.io/acme/web", tag: "2" }, target: { kind: "values", fields: [{ path: "img.host", form: "registry" }, { path: "img.path", form: "repository" }] } };
    const result = editText("img:\n  host: docker.io\n  path: acme/web\n", edit);
    expect(result.text).toBe("img:\n  host: ghcr.io\n  path: acme/web\n");
    expect(readImage(result.text, edit)).toEqual({ name: "ghcr.io/acme/web" });
  });
});

describe("creating a missing key (opt-in)", () => {
  it("adds tag under image at the file's indentation, keeping everything else (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(2, 4), fc.constantFrom("\n", "\r\n"), tag, fc.boolean(), (unit, eol, value, finalNewline) => {
        const pad = " ".repeat(unit);
        const lines = ["# values", "replicas: 2", "image:", `${pad}repository: acme/web`, `${pad}pullPolicy: IfNotPresent`, "service:", `${pad}port: 80`];
        const text = lines.join(eol) + (finalNewline ? eol : "");
        const edit: ImageEdit = { file: "v.yaml", image: { name: "acme/web", tag: value }, target: { kind: "values", fields: [{ path: "image.tag", form: "tag" }], createMissing: true } };
        const result = editText(text, edit);
        expect(result.text.startsWith(lines.slice(0, 5).join(eol) + eol + `${pad}tag: `)).toBe(true);
        expect(result.text.endsWith(lines.slice(5).join(eol) + (finalNewline ? eol : ""))).toBe(true);
        expect((parse(result.text) as { image: { tag: unknown } }).image.tag).toBe(value);
        expect((parse(result.text, { version: "1.1" }) as { image: { tag: unknown } }).image.tag).toBe(value);
        expect(editText(result.text, edit).changed).toBe(false);
        expect(readImage(result.text, edit)).toEqual({ tag: value });
      }),
      { numRuns: 200 },
    );
  });

  it("creates missing parents too, and never without createMissing", () => {
    const edit: ImageEdit = { file: "v.yaml", image: { name: "acme/web", tag: "1.2.3" }, target: { kind: "values", fields: [{ path: "web.image.tag", form: "tag" }], createMissing: true } };
    expect(editText("replicas: 1\nweb:\n    enabled: true\n", edit).text).toBe("replicas: 1\nweb:\n    enabled: true\n    image:\n        tag: 1.2.3\n");
    expect(() => editText("replicas: 1\nweb:\n    enabled: true\n", { ...edit, target: { ...edit.target, createMissing: false } as ImageEdit["target"] })).toThrow(/no value at web\.image\.tag/);
  });
});
