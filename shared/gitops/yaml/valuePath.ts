import { isMap, isScalar, isSeq } from "yaml";
import { GitOpsError } from "../errors.js";

/** One step of a value path: a map key, a list index, or a list item chosen by one of its fields. */
export type PathStep = { key: string } | { index: number } | { match: { key: string; value: string } };

const stepPattern = /\.?([^.[\]"]+)|\[(\d+)\]|\[([^=\]"]+)=([^\]"]*)\]|\["((?:[^"\\]|\\.)*)"\]/y;

/** Parses `spec.values.image.tag`, `containers[0].image`, `containers[name=web].image`, `a["x.y/z"]`. */
export function parsePath(path: string): PathStep[] {
  const steps: PathStep[] = [];
  stepPattern.lastIndex = 0;
  while (stepPattern.lastIndex < path.length) {
    const at = stepPattern.lastIndex;
    const m = stepPattern.exec(path);
    if (!m) throw new GitOpsError("invalid-edit", `Cannot read value path "${path}" at character ${at + 1}: use a.b[0].c, a[name=x].c or a["x.y"].`);
    if (m[1] !== undefined) steps.push({ key: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else if (m[3] !== undefined) steps.push({ match: { key: m[3], value: m[4] ?? "" } });
    else steps.push({ key: JSON.parse(`"${m[5] ?? ""}"`) as string });
  }
  if (steps.length === 0) throw new GitOpsError("invalid-edit", "A value path must not be empty.");
  return steps;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === "string" ? node.value : undefined;
}

/** Every node that `steps` reaches from `root` (more than one only through `[key=value]`). */
export function findAll(root: unknown, steps: readonly PathStep[]): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const node of current) {
      if ("key" in step && isMap(node)) {
        for (const pair of node.items) if (scalarText(pair.key) === step.key) next.push(pair.value);
      } else if ("index" in step && isSeq(node)) {
        const item = node.items[step.index];
        if (item !== undefined) next.push(item);
      } else if ("match" in step && isSeq(node)) {
        for (const item of node.items) {
          if (isMap(item) && item.items.some((p) => scalarText(p.key) === step.match.key && scalarText(p.value) === step.match.value)) next.push(item);
        }
      }
    }
    current = next;
  }
  return current;
}

/** Reads a plain string field of a map node, for `kind` and `metadata.name` selectors. */
export function stringAt(root: unknown, path: string): string | undefined {
  const [node] = findAll(root, parsePath(path));
  return scalarText(node);
}
