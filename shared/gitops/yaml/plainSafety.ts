import { parse } from "yaml";

/**
 * Whether a string written as a plain (unquoted) YAML scalar reads back as that same string in
 * every reader a GitOps file meets: YAML 1.2 core (Flux, eemeli/yaml), YAML 1.1 (kustomize,
 * kubectl and Helm read through go-yaml v2 and sigs.k8s.io/yaml) and go-yaml's own resolver,
 * which strips `_` from number-like text and parses it with Go's number syntax.
 */

// Characters that are safe in a plain scalar anywhere in a line (no ": ", " #", flow indicators).
const plainCharacters = /^[A-Za-z0-9_./][A-Za-z0-9_./@:+-]*$/;

// YAML 1.1 booleans and nulls, in any case (a careful writer quotes `oN` too; it costs nothing).
const words = /^(y|yes|n|no|true|false|on|off|null|~)$/i;

// Infinity and not-a-number in every spelling 1.1, 1.2 and go-yaml know.
const specialFloats = /^[-+]?\.(inf|nan)$/i;

// go-yaml v2 (resolve.go) tries Go's ParseInt(base 0) and its float pattern on text that starts
// with a digit, sign or dot, after deleting every underscore: `1_000`, `0o17`, `0B11`, `08`, `1.`.
const goInteger = /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|[0-9]+)$/;
const goFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

// YAML 1.1 sexagesimal numbers (`1:20` is 80) and timestamps (`2024-1-2`, `2024-01-02T10:00:00Z`).
const sexagesimal = /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/;
const timestamp = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt][0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]*)?(Z|[-+][0-9]{1,2}(:?[0-9]{2})?)?)?$/;

function numberLikeInGo(value: string): boolean {
  if (!/^[-+.0-9]/.test(value)) return false;
  const digits = value.replaceAll("_", "");
  return goInteger.test(digits) || goFloat.test(digits);
}

/** True when `value` may be written without quotes: every reader gets the same string back. */
export function isPlainSafe(value: string): boolean {
  if (!plainCharacters.test(value) || value.endsWith(":")) return false;
  if (words.test(value) || specialFloats.test(value) || numberLikeInGo(value) || sexagesimal.test(value) || timestamp.test(value)) return false;
  // The parsers themselves have the last word (and catch anything the patterns above miss).
  return parse(value) === value && parse(value, { version: "1.1" }) === value;
}
