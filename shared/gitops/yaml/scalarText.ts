import { Scalar } from "yaml";
import { GitOpsError } from "../errors.js";
import { isPlainSafe } from "./plainSafety.js";

/**
 * Source text for `value` in the quoting style of the scalar it replaces. A plain scalar is kept
 * plain unless a YAML 1.1 or 1.2 reader would not read the new value back as the same string (a number,
 * boolean, null or date: `1.10`, `on`, `1_000`, `2024-01-02`): then it is double-quoted, because
 * `tag: 1.10` deploys tag `1.1` (a careful human quotes it too, and so does kustomize).
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
