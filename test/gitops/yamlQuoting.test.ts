// Issue 9.7: a written value must read back as the same string in every YAML reader a GitOps file
// meets. kustomize, kubectl and Helm read YAML 1.1 through go-yaml v2 (on/off/yes/no/y/n are
// booleans, 1_000 and 0b1010 numbers, 2024-01-02 a timestamp); Flux and eemeli/yaml read 1.2.
import fc from "fast-check";
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { editText } from "../../shared/gitops/editFile.js";
import type { ImageEdit } from "../../shared/gitops/edit.js";
import { isPlainSafe } from "../../shared/gitops/yaml/plainSafety.js";

const setTag = (text: string, tag: string): string =>
  editText(text, { file: "v.yaml", image: { name: "acme/app", tag }, target: { kind: "values", fields: [{ path: "image.tag", form: "tag" }] } } satisfies ImageEdit).text;

// go-yaml v2's resolve table and number rules (resolve.go), and YAML 1.1's type regexps.
const notStrings = [
  "on", "On", "ON", "oN", "off", "OFF", "yes", "Yes", "YES", "no", "No", "NO", "y", "Y", "n", "N", "true", "False", "TRUE",
  "null", "Null", "NULL", "~", "1_000", "1__0", "0b1010", "0B11", "0o17", "0O17", "0x1F", "0X1f", "010", "08", "1.10", "1e3", "3.2e2", "1.", ".5",
  "-1", "+1", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "2024-01-02", "2024-1-2", "2001-12-14t21:59:43.10-05:00", "1:20", "190:20:30", "123", "20240102.1",
];
const plainStrings = ["v1", "1.4.2", "1.0.0-rc.1", "latest", "v1.2.3", "sha-1a2b3c", "1.25.4-debian-12-r3", "2024-01-02-abc", "20240102.1-rc", "main-42", "_1", "yesterday", "online", "none", "nan"];

describe("quoting written values (YAML 1.1 and 1.2 readers)", () => {
  it.each(notStrings)("quotes %s", (value) => {
    expect(isPlainSafe(value)).toBe(false);
    expect(setTag("image:\n  tag: v0 # keep\n", value)).toBe(`image:\n  tag: ${JSON.stringify(value)} # keep\n`);
  });

  it.each(plainStrings)("keeps %s plain", (value) => {
    expect(setTag("image:\n  tag: v0\n", value)).toBe(`image:\n  tag: ${value}\n`);
  });

  it("keeps the existing quoting style: single stays single, double stays double", () => {
    expect(setTag("image:\n  tag: 'v0'\n", "on")).toBe("image:\n  tag: 'on'\n");
    expect(setTag('image:\n  tag: "v0"\n', "v2")).toBe('image:\n  tag: "v2"\n');
  });

  it("any OCI tag reads back as the same string under YAML 1.2, YAML 1.1 and js-yaml (property)", () => {
    const word = fc.constantFrom("on", "off", "yes", "no", "y", "n", "true", "null", "inf", "nan", "0x", "0b", "0o", "e", "_", ".", "-", "1", "0", "2024-01-02", "1:2");
    const ociTag = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/),
      fc.array(word, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("")).filter((t) => /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(t)),
    );
    fc.assert(
      fc.property(ociTag, fc.boolean(), (value, upper) => {
        const tag = upper ? value.toUpperCase() : value;
        const text = setTag("image:\n  tag: v0\n", tag);
        type Values = { image: { tag: unknown } };
        expect((parse(text) as Values).image.tag).toBe(tag);
        expect((parse(text, { version: "1.1" }) as Values).image.tag).toBe(tag);
        expect((jsYaml.load(text) as Values).image.tag).toBe(tag);
        // A go-yaml v2 reader strips `_` from number-like text: quoted whenever that looks numeric.
        const stripped = tag.replaceAll("_", "");
        if (/^[-+.0-9]/.test(tag) && stripped !== "" && Number.isFinite(Number(stripped))) {
          expect(text).toContain(`"${tag}"`);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
