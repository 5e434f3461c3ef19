import { parse, Scalar } from "yaml";
import { GitOpsError } from "../errors.js";

// Characters that are safe in a plain scalar anywhere in a line (no ": ", " #", flow indicators).
const plainSafe = /^[A-Za-z0-9_./][A-Za-z0-9_./@:+-]*$/;

/** True when `value` written plain reads back as the same string under YAML 1.2 core rules. */
export function isPlainSafe(value: string): boolean {
  if (!plainSafe.test(value) || value.endsWith(":")) return false;
  // `1.10`, `true`, `0x1f`, `~` would be read as numbers, booleans or null by Helm and kubectl.
  return parse(value) === value;
}

/**
 * Source text for `value` in the quoting style of the scalar it replaces. A plain scalar is kept
 * plain unless the new value would read as a number or boolean: then it is double-quoted, because
 * `tag: 1.10` deploys tag `1.1` (a careful human quotes it too).
 */
export function renderLike(original: Scalar, value: string, where: string): string {
  switch (original.type) {
    case Scalar.PLAIN:
      return isPlainSafe(value) ? value : JSON.stringify(value);
    case Scalar.QUOTE_DOUBLE:
      return JSON.stringify(value);
    case Scalar.QUOTE_SINGLE:
      return `'${value.replaceAll("'", "''")}'`;
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
    case undefined:
      throw new GitOpsError("unsupported-target", `${where} is a block scalar; write the image on one line so Baton can edit it exactly.`);
  }
}

/** Source text for a value in a newly inserted line (no original style to follow). */
export function renderNew(value: string): string {
  return isPlainSafe(value) ? value : JSON.stringify(value);
}
