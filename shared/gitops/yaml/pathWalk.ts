/**
 * Walks a value path through a document the way Helm sees it: an alias (`*attrs`) stands for its
 * anchored node, so `image.attributes.tag` reaches `global.attributes.tag` when `image.attributes`
 * is `*attrs` (argocd-image-updater does the same). A merge key (`<<: *defaults`) is different:
 * the merged value is shared by every map that merges the anchor, so it is reported, not followed.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type YAMLMap } from "yaml";
import type { PathStep } from "./valuePath.js";

/** A node the path reached, the map holding it (for siblings), and the aliases followed on the way. */
export interface PathHit {
  node: unknown;
  parent: YAMLMap | undefined;
  key: string | undefined;
  aliases: string[];
}

/** Where the walk stopped: the deepest node it reached and the steps left. */
export interface PathMiss {
  node: unknown;
  aliases: string[];
  remaining: PathStep[];
  /** The key was only available through a merge key: the alias merged and the anchored path. */
  merged?: { alias: string; anchoredPath: string };
}

function text(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === "string" ? node.value : undefined;
}

function deref(doc: Document, node: unknown, aliases: string[]): unknown {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < 32; hops++) {
    aliases.push(current.source);
    current = current.resolve(doc);
  }
  return current;
}

/** Every node the steps reach, and the misses (for messages and for creating missing keys). */
export function walkPath(doc: Document, steps: readonly PathStep[]): { hits: PathHit[]; misses: PathMiss[] } {
  let current: PathHit[] = [{ node: doc.contents, parent: undefined, key: undefined, aliases: [] }];
  const misses: PathMiss[] = [];
  steps.forEach((step, i) => {
    const next: PathHit[] = [];
    for (const at of current) {
      const aliases = [...at.aliases];
      const node = deref(doc, at.node, aliases);
      const before = next.length;
      if ("key" in step && isMap(node)) {
        for (const pair of node.items) if (text(pair.key) === step.key) next.push({ node: pair.value, parent: node, key: step.key, aliases });
        if (next.length === before) misses.push({ node, aliases, remaining: steps.slice(i), ...mergedFrom(doc, node, step.key) });
      } else if ("index" in step && isSeq(node)) {
        const item = node.items[step.index];
        if (item !== undefined) next.push({ node: item, parent: undefined, key: undefined, aliases });
        else misses.push({ node, aliases, remaining: steps.slice(i) });
      } else if ("match" in step && isSeq(node)) {
        for (const item of node.items) {
          const entry = deref(doc, item, [...aliases]);
          if (isMap(entry) && entry.items.some((p) => text(p.key) === step.match.key && text(deref(doc, p.value, [])) === step.match.value)) {
            next.push({ node: item, parent: undefined, key: undefined, aliases });
          }
        }
        if (next.length === before) misses.push({ node, aliases, remaining: steps.slice(i) });
      } else {
        misses.push({ node, aliases, remaining: steps.slice(i) });
      }
    }
    current = next;
  });
  // The value itself may be an alias of a scalar (`tag: *ver`): the anchored scalar is the target.
  return { hits: current.map((h) => ({ ...h, node: deref(doc, h.node, h.aliases) })), misses };
}

/** When `key` is missing from `map` but a `<<` merge brings it in: which alias, and where it lives. */
function mergedFrom(doc: Document, map: YAMLMap, key: string): { merged?: { alias: string; anchoredPath: string } } {
  for (const pair of map.items) {
    if (text(pair.key) !== "<<") continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      if (!isAlias(source)) continue;
      const anchored = source.resolve(doc);
      if (!isMap(anchored)) continue;
      const value = anchored.items.find((p) => text(p.key) === key)?.value;
      if (value !== undefined) return { merged: { alias: source.source, anchoredPath: pathOf(doc, value) ?? `(the map anchored &${source.source})` } };
    }
  }
  return {};
}

/** The path (in Baton's path syntax) of a node in a document, or undefined if it is not there. */
export function pathOf(doc: Document, target: unknown): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Node(_key, node, path) {
      if (node !== target) return undefined;
      found = stepsToText([...path.slice(1), node]);
      return visit.BREAK;
    },
  });
  return found;
}

function stepsToText(path: readonly unknown[]): string {
  let out = "";
  for (let i = 0; i < path.length - 1; i++) {
    const parent = path[i];
    const child = path[i + 1];
    if (isSeq(parent)) out += `[${parent.items.indexOf(child)}]`;
    else if (isPair(child)) {
      const key = text(child.key) ?? "?";
      out += /^[A-Za-z0-9_-]+$/.test(key) ? `${out ? "." : ""}${key}` : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}
