/** What the CLI prints for each view, as tables and lines (the dashboard shows the same facts). */
import type { TimelineEntry } from "../shared/durable/timeline.js";
import type { DoraMeasures, DoraReport } from "../shared/ops/dora/metrics.js";
import type { PromotionSummary } from "../shared/ops/durable/promotionView.js";
import type { PipelineView } from "../shared/ops/pipelinesView/pipelinesView.js";
import { describeEntry } from "../shared/ops/timeline/describeEntry.js";
import { duration, table, time } from "./tables.js";

export interface PromotionDetail extends PromotionSummary {
  /** For a promotion that did not succeed: the stages left running its image. */
  leftAtImage?: string[];
  timeline: { at: string; entry: TimelineEntry }[];
  audit: { at: string; action: string; outcome: string; reason: string; actor: { name: string; id: string }; detail?: string }[];
}

export function shortDigest(digest: string | undefined): string {
  return digest ? digest.replace(/^sha256:/, "").slice(0, 12) : "-";
}

/** The state people care about: the outcome once finished, else where it is. */
export function where(p: PromotionSummary): string {
  if (p.outcome) return p.outcome;
  return p.state === "paused" ? "paused" : p.step ? `${p.state}: ${p.step}` : p.state;
}

export function pipelinesText(pipelines: readonly PipelineView[]): string {
  if (pipelines.length === 0) return "no pipelines configured";
  return pipelines
    .map((p) => {
      const lines = [`${p.name}`];
      for (const h of p.holds) lines.push(`  HELD (${h.scope === "global" ? "global" : "pipeline"} hold by ${h.by} since ${time(h.at)}): ${h.reason}`);
      lines.push(
        indent(
          table(
            ["STAGE", "VERSION", "DIGEST", "SINCE", "NOTE"],
            p.stages.flatMap((s) => {
              const note = s.lastFailure ? `${s.lastFailure.tag} ${s.lastFailure.rolledBack ? "rolled back" : "failed"} ${time(s.lastFailure.at)}` : "";
              const bundle = s.version?.bundle;
              if (!bundle) return [[s.name, s.version?.tag ?? "-", shortDigest(s.version?.digest), time(s.version?.since), note]];
              // A bundle runs all of its images here: one line each, the primary on the stage's line.
              return bundle.map((i, n) => (n === 0 ? [s.name, `${i.member} ${i.tag}`, shortDigest(i.digest), time(s.version?.since), note] : ["", `${i.member} ${i.tag}`, shortDigest(i.digest), "", ""]));
            }),
          ),
        ),
      );
      for (const f of p.inFlight) lines.push(`  in flight: ${f.image?.tag ?? "?"} ${f.id} at ${f.stage ?? "-"}: ${f.step ?? f.state}${f.waitingFor ? `, waiting for ${f.waitingFor}` : ""}`);
      if (p.inFlight.length === 0) lines.push("  nothing in flight");
      return lines.join("\n");
    })
    .join("\n\n");
}

export function promotionsText(promotions: readonly PromotionSummary[]): string {
  if (promotions.length === 0) return "no promotions match";
  return table(
    ["ID", "PIPELINE", "TAG", "STATE", "STAGE", "WAITING FOR", "STARTED"],
    promotions.map((p) => [p.id, p.pipeline ?? "-", p.image?.tag ?? "-", where(p), p.stage ?? "-", p.waitingFor ?? "", time(p.createdTime)]),
  );
}

export function timelineLine(t: { at: string; entry: TimelineEntry }): string {
  const d = describeEntry(t.entry);
  return `${time(t.at)}  ${(d.stage ?? "").padEnd(9)} ${d.step.padEnd(9)} ${d.detail}`;
}

export function promotionText(p: PromotionDetail): string {
  const lines = [
    `${p.id}`,
    `  pipeline  ${p.pipeline ?? "-"}`,
    ...(p.bundle
      ? p.bundle.map((i, n) => `  ${n === 0 ? "images   " : "         "} ${i.member}: ${i.registry}/${i.repository}:${i.tag} (${shortDigest(i.digest)})`)
      : [`  image     ${p.image ? `${p.image.registry}/${p.image.repository}:${p.image.tag} (${shortDigest(p.image.digest)})` : "-"}`]),
    `  state     ${where(p)}${p.reason ? `: ${p.reason}` : ""}`,
  ];
  if (p.leftAtImage) lines.push(`  left      ${p.leftAtImage.length > 0 ? `${p.leftAtImage.join(", ")} still run${p.leftAtImage.length === 1 ? "s" : ""} ${p.image?.tag ?? "this image"}` : "no stage runs this image"}`);
  if (!p.outcome) {
    lines.push(`  stage     ${p.stage ?? "-"}, step ${p.step ?? "-"} since ${time(p.since)}`);
    if (p.waitingFor) lines.push(`  waiting   ${p.waitingFor}${p.deadline ? ` (until ${time(p.deadline)})` : ""}`);
  }
  lines.push("", "Timeline", ...p.timeline.map((t) => `  ${timelineLine(t)}`));
  if (p.audit.length > 0) {
    lines.push("", "Audit", indent(table(["AT", "WHO", "ACTION", "OUTCOME", "REASON"], p.audit.map((a) => [time(a.at), a.actor.name, a.action, a.outcome, a.detail ? `${a.reason} (${a.detail})` : a.reason]))));
  }
  return lines.join("\n");
}

export function doraText(report: DoraReport): string {
  const row = (name: string, m: DoraMeasures) => [
    name,
    String(m.deployments),
    m.deploymentsPerDay.toFixed(2),
    duration(m.leadTime.medianSeconds),
    m.changeFailureRate === null ? "-" : `${Math.round(m.changeFailureRate * 100)}%`,
    duration(m.timeToRestore.medianSeconds),
  ];
  return [
    `DORA from ${time(report.from)} to ${time(report.to)} (${report.days} days)`,
    table(
      ["PIPELINE", "DEPLOYS", "PER DAY", "LEAD TIME (MEDIAN)", "CHANGE FAILURE", "TIME TO RESTORE (MEDIAN)"],
      [...report.pipelines.map((p) => row(p.pipeline, p)), row("all", report.overall)],
    ),
  ].join("\n");
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
}
