/**
 * One line of plain words per timeline entry: what the console prints for every step transition
 * and what the CLI and the dashboard show. No Node APIs here: the dashboard bundles it.
 */
import type { TimelineEntry } from "../../durable/timeline.js";

export interface Transition {
  stage: string | null;
  /** A short step name: `commit`, `flux`, `gate`, `approval`, `rollback`, `hold`, … */
  step: string;
  detail: string;
}

export function describeEntry(entry: TimelineEntry): Transition {
  const at = (stage: string, step: string, detail: string): Transition => ({ stage, step, detail });
  switch (entry.kind) {
    case "promotion.started":
      return { stage: null, step: "started", detail: `${entry.image} (${short(entry.digest)}) by ${entry.by}, pipelines from ${entry.configOrigin}` };
    case "promotion.finished":
      return { stage: null, step: "finished", detail: `${entry.outcome}${entry.reason ? `: ${entry.reason}` : ""}` };
    case "stage.started":
      return at(entry.stage, "stage", "started");
    case "stage.finished":
      return at(entry.stage, "stage", `${entry.outcome}${entry.detail ? ` ${entry.detail}` : ""}`);
    case "hold.waiting":
      return at(entry.stage, "hold", `waiting: ${entry.holds.map((h) => `${h.scope} hold by ${h.by}: ${h.reason}`).join("; ")}`);
    case "hold.released":
      return at(entry.stage, "hold", "released");
    case "commit":
      return at(entry.stage, "commit", `${short(entry.commit)}${entry.changed ? "" : " (already there)"} to ${entry.repository}: ${changesText(entry.changes)}`);
    case "pull-request":
      return at(entry.stage, "pull-request", `#${entry.number} ${entry.url}`);
    case "flux.observed":
      return at(entry.stage, "flux", `${entry.object} ${entry.outcome} at ${entry.revision} (via ${entry.via})`);
    case "gate.result":
      return at(entry.stage, "gate", `${entry.gate} ${entry.outcome}: ${entry.detail}`);
    case "ops.command":
      return { stage: entry.stage ?? null, step: "ops", detail: `${entry.command} by ${entry.actor}: ${entry.reason}` };
    case "approval.vote":
      return at(entry.stage, "approval", `${entry.voter} ${entry.decision}${entry.reason ? `: ${entry.reason}` : ""}`);
    case "rollback":
      return at(entry.stage, "rollback", `committed ${short(entry.commit)}`);
  }
}

/** The pipeline named in a promotion id (`promo-<pipeline>-<alg>-<hex>`, see promotionIds.ts). */
export function pipelineOfId(promotionId: string): string | null {
  return /^promo-(.+)-[a-z0-9]+-[a-f0-9]+$/.exec(promotionId)?.[1] ?? null;
}

/** The console line: promotion, pipeline, stage, step, detail, as key=value pairs a log query can split. */
export function transitionLine(promotionId: string, entry: TimelineEntry): string {
  const t = describeEntry(entry);
  return `baton step promotion=${promotionId} pipeline=${pipelineOfId(promotionId) ?? "-"} stage=${t.stage ?? "-"} step=${t.step} ${t.detail}`;
}

/** `file: where from -> to, where -> to; next file: …`, each file named once. */
function changesText(changes: readonly { file: string; where: string; from?: string; to: string }[]): string {
  const byFile = new Map<string, string[]>();
  for (const c of changes) byFile.set(c.file, [...(byFile.get(c.file) ?? []), `${c.where} ${c.from !== undefined ? `${c.from} -> ` : "-> "}${c.to}`]);
  return [...byFile].map(([file, edits]) => `${file}: ${edits.join(", ")}`).join("; ");
}

function short(sha: string): string {
  const hex = sha.includes(":") ? sha.slice(sha.indexOf(":") + 1) : sha;
  return hex.slice(0, 7);
}
