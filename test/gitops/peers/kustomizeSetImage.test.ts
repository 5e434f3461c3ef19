// The cases of kustomize's own `kustomize edit set image` tests (kustomize/commands/edit/set/
// setimage_test.go), run through Baton's Kustomize editor. kustomize re-serialises the file with
// sorted keys and checks that the output contains the expected lines; Baton edits in place, so
// where the key order agrees the lines must be contained byte for byte, and where kustomize sorts
// `digest` first the entries must hold the same fields and values.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { editText } from "../../../shared/gitops/editFile.js";
import type { ImageEdit, KustomizeKeep } from "../../../shared/gitops/edit.js";
import { parseImageEdit } from "../../../shared/gitops/editSchema.js";

const sha = "sha256:24a0c4b4a4c0eb97a1aabb8e29f18e917d05abfe1b7a7c07857230879ce7d3d3";
const emptyKustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n";

/** One `entry=name:tag@digest` argument as a Baton edit; `*` becomes `keep`. */
interface Arg {
  entry: string;
  name: string;
  tag?: string;
  digest?: string;
  keep?: KustomizeKeep[];
}

function apply(text: string, args: Arg[]): string {
  return args.reduce((current, arg) => {
    const edit: ImageEdit = parseImageEdit({
      file: "kustomization.yaml",
      image: { name: arg.name, ...(arg.tag ? { tag: arg.tag } : {}), ...(arg.digest ? { digest: arg.digest } : {}) },
      target: { kind: "kustomize", entry: arg.entry, addIfMissing: true, ...(arg.keep ? { keep: arg.keep } : {}) },
    });
    const result = editText(current, edit).text;
    expect(editText(result, edit).changed).toBe(false);
    return result;
  }, text);
}

function entries(text: string): Record<string, string>[] {
  return ((parse(text) as { images?: Record<string, string>[] }).images ?? []).slice().sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

const cases: { description: string; args: Arg[]; infile?: string[]; output: string[]; sorted?: boolean }[] = [
  { description: "image1=my-image1:my-tag", args: [{ entry: "image1", name: "my-image1", tag: "my-tag" }], output: ["images:", "- name: image1", "  newName: my-image1", "  newTag: my-tag"] },
  { description: "a numeric tag is quoted (1234)", args: [{ entry: "image1", name: "my-image1", tag: "1234" }], output: ["images:", "- name: image1", "  newName: my-image1", '  newTag: "1234"'] },
  { description: "a float-like tag is quoted (3.2e2)", args: [{ entry: "image1", name: "my-image1", tag: "3.2e2" }], output: ["images:", "- name: image1", "  newName: my-image1", '  newTag: "3.2e2"'] },
  { description: "image1=my-image1@digest", args: [{ entry: "image1", name: "my-image1", digest: sha }], output: ["images:", `- digest: ${sha}`, "  name: image1", "  newName: my-image1"], sorted: true },
  { description: "image1:my-tag", args: [{ entry: "image1", name: "image1", tag: "my-tag" }], output: ["images:", "- name: image1", "  newTag: my-tag"] },
  { description: "image1@digest", args: [{ entry: "image1", name: "image1", digest: sha }], output: ["images:", `- digest: ${sha}`, "  name: image1"], sorted: true },
  { description: "my-image1:my-tag@digest", args: [{ entry: "my-image1", name: "my-image1", tag: "my-tag", digest: sha }], output: ["images:", `- digest: ${sha}`, "  name: my-image1", "  newTag: my-tag"], sorted: true },
  {
    description: "image1=my-image1:my-tag@digest",
    args: [{ entry: "image1", name: "my-image1", tag: "my-tag", digest: sha }],
    output: ["images:", `- digest: ${sha}`, "  name: image1", "  newName: my-image1", "  newTag: my-tag"],
    sorted: true,
  },
  { description: "<image>=<image> with a registry port", args: [{ entry: "ngnix", name: "localhost:5000/my-project/ngnix", keep: ["tag", "digest"] }], output: ["images:", "- name: ngnix", "  newName: localhost:5000/my-project/ngnix"] },
  { description: "a new name with a tag", args: [{ entry: "ngnix", name: "localhost:5000/my-project/ngnix", tag: "dev-01" }], output: ["images:", "- name: ngnix", "  newName: localhost:5000/my-project/ngnix", "  newTag: dev-01"] },
  {
    description: "override file",
    args: [{ entry: "image1", name: "foo.bar.foo:8800/foo/image1", tag: "foo-bar" }],
    infile: ["images:", "- name: image1", "  newName: my-image1", "  newTag: my-tag", "- name: image2", "  newName: my-image2", "  newTag: my-tag2"],
    output: ["images:", "- name: image1", "  newName: foo.bar.foo:8800/foo/image1", "  newTag: foo-bar", "- name: image2", "  newName: my-image2", "  newTag: my-tag2"],
  },
  {
    description: "override file with patch",
    args: [{ entry: "image1", name: "foo.bar.foo:8800/foo/image1", tag: "foo-bar" }],
    infile: ["images:", "- name: image1", "  newName: my-image1", "  newTag: my-tag", "- name: image2", "  newName: my-image2", "  newTag: my-tag2", "patchesJson6902:", "- patch: |-", "    - op: remove", "      path: /spec/selector", "  target:", "    kind: Service", "    name: foo", "    version: v1"],
    output: ["images:", "- name: image1", "  newName: foo.bar.foo:8800/foo/image1", "  newTag: foo-bar", "- name: image2", "  newName: my-image2", "  newTag: my-tag2", "patchesJson6902:", "- patch: |-", "    - op: remove", "      path: /spec/selector", "  target:", "    kind: Service", "    name: foo", "    version: v1"],
  },
  { description: "override new tag and new name with just a new tag", args: [{ entry: "image1", name: "image1", tag: "v1" }], infile: ["images:", "- name: image1", "  newTag: my-tag"], output: ["images:", "- name: image1", "  newTag: v1"] },
  {
    description: "multiple args with multiple overrides",
    args: [
      { entry: "image1", name: "foo.bar.foo:8800/foo/image1", tag: "foo-bar" },
      { entry: "image2", name: "my-image2", digest: sha },
      { entry: "image3", name: "image3", tag: "my-tag" },
    ],
    infile: ["images:", "- name: image1", "  newName: my-image1", "  newTag: my-tag1", "- name: image2", "  newName: my-image2", "  newTag: my-tag2", "- name: image3", "  newTag: my-tag"],
    output: ["images:", "- name: image1", "  newName: foo.bar.foo:8800/foo/image1", "  newTag: foo-bar", `- digest: ${sha}`, "  name: image2", "  newName: my-image2", "- name: image3", "  newTag: my-tag"],
    sorted: true,
  },
  {
    description: "override new tag but keep new name (image1=*:v1)",
    args: [{ entry: "image1", name: "image1", tag: "v1", keep: ["name"] }],
    infile: ["images:", "- name: image1", "  newName: foo.bar.foo:8800/foo/image1", "  newTag: my-tag"],
    output: ["images:", "- name: image1", "  newName: foo.bar.foo:8800/foo/image1", "  newTag: v1"],
  },
  {
    description: "override new name but keep new tag (image1=my-image1:*)",
    args: [{ entry: "image1", name: "my-image1", keep: ["tag"] }],
    infile: ["images:", "- name: image1", "  newName: foo.bar.foo:8800/foo/image1", "  newTag: my-tag"],
    output: ["images:", "- name: image1", "  newName: my-image1", "  newTag: my-tag"],
  },
  {
    description: "keep new name and new tag (image1=*:*)",
    args: [{ entry: "image1", name: "image1", keep: ["name", "tag"] }],
    infile: ["images:", "- name: image1", "  newName: my-image1", "  newTag: my-tag"],
    output: ["images:", "- name: image1", "  newName: my-image1", "  newTag: my-tag"],
  },
  { description: "do not set asterisk as new name for existing image", args: [{ entry: "image1", name: "image1", tag: "v1", keep: ["name"] }], infile: ["images:", "- name: image1", "  newTag: my-tag"], output: ["images:", "- name: image1", "  newTag: v1"] },
  { description: "do not set asterisk as new name", args: [{ entry: "image1", name: "image1", tag: "v1", keep: ["name"] }], output: ["images:", "- name: image1", "  newTag: v1"] },
  { description: "do not set asterisk as new tag", args: [{ entry: "image1", name: "my-image1", keep: ["tag"] }], output: ["images:", "- name: image1", "  newName: my-image1"] },
  {
    description: "keep new name and update digest (image2=*@digest)",
    args: [{ entry: "image2", name: "image2", digest: sha, keep: ["name"] }],
    infile: ["images:", "- name: image2", "  newName: my-image2", "  digest: sha256:abcdef12345"],
    output: ["images:", `- digest: ${sha}`, "  name: image2", "  newName: my-image2"],
    sorted: true,
  },
  {
    description: "keep new name, remove tag, and set digest (issue 9.7: a digest-only edit drops the stale newTag)",
    args: [{ entry: "image2", name: "image2", digest: sha, keep: ["name"] }],
    infile: ["images:", "- name: image2", "  newName: my-image2", "  newTag: my-tag"],
    output: ["images:", `- digest: ${sha}`, "  name: image2", "  newName: my-image2"],
    sorted: true,
  },
  {
    description: "update new name and keep the digest (image2=my-image2@*)",
    args: [{ entry: "image2", name: "my-image2", keep: ["digest"] }],
    infile: ["images:", `- digest: ${sha}`, "  name: image2", "  newName: foo.bar.foo:8800/foo/image1"],
    output: ["images:", `- digest: ${sha}`, "  name: image2", "  newName: my-image2"],
  },
];

describe("kustomize's set image cases", () => {
  it.each(cases)("$description", ({ args, infile, output, sorted }) => {
    const before = infile ? `${emptyKustomization}${infile.join("\n")}\n` : emptyKustomization;
    const after = apply(before, args);
    const expected = output.join("\n");
    if (sorted) expect(entries(after)).toEqual(entries(expected));
    else expect(after).toContain(expected);
    // Everything outside the images list keeps its bytes.
    expect(after.startsWith(emptyKustomization)).toBe(true);
  });

  it("a digest-only edit removes the stale newTag line and nothing else, byte for byte", () => {
    const before = `${emptyKustomization}images:\n- name: image2 # the api\n  newName: my-image2\n  newTag: my-tag # set by CI\n  digest: sha256:${"b".repeat(64)}\n`;
    expect(apply(before, [{ entry: "image2", name: "my-image2", digest: sha }])).toBe(`${emptyKustomization}images:\n- name: image2 # the api\n  newName: my-image2\n  digest: ${sha}\n`);
    expect(apply(`images: [{newTag: my-tag, name: image2}]\n`, [{ entry: "image2", name: "image2", digest: sha }])).toBe(`images: [{name: image2, digest: ${sha}}]\n`);
  });
});
