import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { editText, readImage } from "../../shared/gitops/editFile.js";
import type { ImageEdit } from "../../shared/gitops/edit.js";
import { digest, effective, fillerLines, joinDocuments, render, style, tag, trailing, type Layout } from "./yamlArbitraries.js";

const eol = fc.constantFrom("\n", "\r\n");
const indentUnit = fc.constantFrom("  ", "    ");

/** Checks the byte-exact contract for one generated file and edit. */
function assertExact(layout: Layout, edit: ImageEdit, newSource: string): void {
  const text = layout.before + layout.oldSource + layout.after;
  const result = editText(text, edit);
  expect(result.text).toBe(layout.before + newSource + layout.after);
  // Idempotent: the same edit on its own result changes nothing.
  const again = editText(result.text, edit);
  expect(again.changed).toBe(false);
  expect(again.text).toBe(result.text);
  // Still valid YAML with the same number of documents.
  expect(parseAllDocuments(result.text).length).toBe(parseAllDocuments(text).length);
}

describe("byte-exact edits (property-based)", () => {
  it("a value at a path, in any document of a multi-document file", () => {
    fc.assert(
      fc.property(
        fc.record({
          unit: indentUnit,
          eol,
          style,
          oldTag: tag,
          newTag: tag,
          trail: trailing,
          docsBefore: fc.array(fillerLines(""), { maxLength: 2 }),
          docsAfter: fc.array(fillerLines(""), { maxLength: 2 }),
          top: fillerLines(""),
          inner: fillerLines("  "),
          split: fc.nat(8),
          final: fc.boolean(),
          lead: fc.boolean(),
        }),
        (g) => {
          const inner = (lines: string[]): string[] => lines.map((l) => (l ? l.replace(/^ {2}/, g.unit) : l));
          const doc = [...g.top, "image: # the promoted image", ...inner(g.inner.slice(0, g.split)), "@target", ...inner(g.inner.slice(g.split))];
          const docs = [...g.docsBefore, doc, ...g.docsAfter];
          const layout = joinDocuments(
            docs,
            { index: g.docsBefore.length, lineIndex: doc.indexOf("@target"), prefix: `${g.unit}tag: `, oldSource: render(g.oldTag, g.style), suffix: g.trail },
            g.eol,
            g.final,
            g.lead,
          );
          const edit: ImageEdit = { file: "values.yaml", image: { name: "example.test/app", tag: g.newTag }, target: { kind: "values", fields: [{ path: "image.tag", form: "version" }] } };
          const newSource = render(g.newTag, effective(g.oldTag, g.style));
          assertExact(layout, edit, newSource);
          expect(readImage(layout.before + newSource + layout.after, edit)).toEqual({ tag: g.newTag });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a kustomize images entry among others, whatever its key order and quoting", () => {
    fc.assert(
      fc.property(
        fc.record({
          eol,
          style,
          oldTag: tag,
          newTag: tag,
          trail: trailing,
          dash: fc.constantFrom("", "  "),
          others: fc.uniqueArray(fc.constantFrom("a/one", "b/two", "c/three"), { maxLength: 3 }),
          position: fc.nat(3),
          tagFirst: fc.boolean(),
          top: fillerLines(""),
          final: fc.boolean(),
        }),
        (g) => {
          const entry = (name: string, t: string): string[] => [`${g.dash}- name: ${name}`, `${g.dash}  newTag: ${t}`];
          const target = g.tagFirst ? [`${g.dash}- @target`, `${g.dash}  name: acme/app`] : [`${g.dash}- name: acme/app`, "@target"];
          const entries = g.others.map((n) => entry(n, "1.0.0"));
          entries.splice(Math.min(g.position, entries.length), 0, target);
          const doc = ["apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", ...g.top, "images:", ...entries.flat()];
          const lineIndex = doc.findIndex((l) => l.includes("@target"));
          const prefix = (doc[lineIndex] ?? "").replace("@target", "newTag: ").replace(/^(?!.*- )(.*)$/, `${g.dash}  $1`);
          const layout = joinDocuments([doc], { index: 0, lineIndex, prefix, oldSource: render(g.oldTag, g.style), suffix: g.trail }, g.eol, g.final, false);
          const edit: ImageEdit = { file: "kustomization.yaml", image: { name: "acme/app", tag: g.newTag }, target: { kind: "kustomize" } };
          assertExact(layout, edit, render(g.newTag, effective(g.oldTag, g.style)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("Flux and Baton markers: whole references and tag@digest versions", () => {
    fc.assert(
      fc.property(
        fc.record({ eol, style, oldTag: tag, newTag: tag, newDigest: digest, flux: fc.boolean(), lines: fillerLines("  "), split: fc.nat(8), final: fc.boolean() }),
        (g) => {
          const marker = g.flux ? ' # {"$imagepolicy": "apps:web"}' : " # baton: web";
          const decoy = g.flux ? ' # {"$imagepolicy": "apps:other"}' : " # baton: other";
          const doc = ["spec:", ...g.lines.slice(0, g.split), "@target", `  sidecar: example.test/other:1.0${decoy}`, ...g.lines.slice(g.split)];
          const oldRef = `example.test/web:${g.oldTag}`;
          const layout = joinDocuments([doc], { index: 0, lineIndex: doc.indexOf("@target"), prefix: "  image: ", oldSource: render(oldRef, g.style), suffix: marker }, g.eol, g.final, false);
          const target: ImageEdit["target"] = g.flux ? { kind: "flux-setter", policy: "apps:web" } : { kind: "baton-marker", slot: "web" };
          const edit: ImageEdit = { file: "deploy.yaml", image: { name: "example.test/web", tag: g.newTag, digest: g.newDigest }, target };
          assertExact(layout, edit, render(`example.test/web:${g.newTag}@${g.newDigest}`, effective(oldRef, g.style)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
