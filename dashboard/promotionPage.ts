/**
 * One promotion: where it is and what it waits for, the actions the caller's roles allow, each
 * stage with its start, duration and outcome, the timeline (commits linked when the repository
 * has a web page, Flux observations, gates, approvals with voters and refusals) and the audit.
 */
import type { TimelineEntry } from "../shared/durable/timeline.js";
import type { PromotionSummary } from "../shared/ops/durable/promotionView.js";
import { describeEntry } from "../shared/ops/timeline/describeEntry.js";
import { actionButton, type ActionSpec } from "./actions.js";
import { badge, duration, h, shortDigest, time } from "./dom.js";
import { commitUrl } from "./links.js";

export interface PromotionData extends PromotionSummary {
  leftAtImage?: string[];
  timeline: { at: string; entry: TimelineEntry }[];
  audit: { id: string; at: string; action: string; outcome: string; reason: string; actor: { name: string; id: string }; detail?: string }[];
}

export function promotionPage(p: PromotionData, roles: ReadonlySet<string>, now: number): Node[] {
  const live = p.outcome === null;
  const nodes: (Node | null)[] = [
    h("h1", {}, `${p.image ? `${p.image.repository}:${p.image.tag}` : p.id} `, badge(p.outcome ?? p.state)),
    h(
      "dl",
      { class: "facts" },
      fact("Promotion", p.id),
      fact("Pipeline", p.pipeline ?? "-"),
      p.bundle
        ? [h("dt", {}, "Images"), h("dd", {}, h("ul", { class: "bundle", "aria-label": "images" }, p.bundle.map((i) => h("li", {}, `${i.member}: ${i.registry}/${i.repository}:${i.tag} (${shortDigest(i.digest)})`))))]
        : fact("Image", p.image ? `${p.image.registry}/${p.image.repository}:${p.image.tag} (${shortDigest(p.image.digest)})` : "-"),
      live ? fact("Stage", `${p.stage ?? "-"}: ${p.step ?? p.state} since ${time(p.since)}`) : fact("Outcome", `${p.outcome ?? ""}${p.reason ? `: ${p.reason}` : ""}`),
      live && p.waitingFor ? fact("Waiting for", `${p.waitingFor}${p.deadline ? ` (gives up at ${time(p.deadline)}, ${duration(Date.parse(p.deadline) - now)} left)` : ""}`) : null,
      p.leftAtImage ? fact("Left behind", p.leftAtImage.length > 0 ? `${p.leftAtImage.join(", ")} still run${p.leftAtImage.length === 1 ? "s" : ""} this image` : "no stage runs this image") : null,
      fact("Started", `${time(p.createdTime)}${p.startedBy ? ` by ${p.startedBy}` : ""}`),
    ),
    live ? actions(p, roles) : null,
    h("h2", { id: "stages-title" }, "Stages"),
    stagesTable(p, now),
    h("h2", {}, "Approvals"),
    approvals(p),
    h("h2", {}, "Timeline"),
    timeline(p),
    h("h2", {}, "Audit trail"),
    p.audit.length === 0
      ? h("p", {}, "Nobody has acted on this promotion.")
      : table(
          ["When", "Who", "Action", "Outcome", "Reason"],
          p.audit.map((a) => [time(a.at), a.actor.name, a.action, a.outcome, `${a.reason}${a.detail ? ` (${a.detail})` : ""}`]),
          "Audit trail",
        ),
  ];
  return nodes.filter((n): n is Node => n !== null);
}

function fact(term: string, value: string): Node[] {
  return [h("dt", {}, term), h("dd", {}, value)];
}

function actions(p: PromotionData, roles: ReadonlySet<string>): HTMLElement | null {
  const path = (a: string) => `/api/promotions/${p.id}/${a}`;
  const specs: ActionSpec[] = [];
  if (roles.has("approver") && p.step === "awaiting-approval") {
    specs.push({ label: "Approve", what: `Approve ${p.image?.tag ?? p.id} for ${p.stage ?? "the next stage"}.`, method: "POST", path: path("approve") });
    specs.push({ label: "Reject", what: `Reject ${p.image?.tag ?? p.id} for ${p.stage ?? "the next stage"}: the promotion stops.`, method: "POST", path: path("reject"), danger: true });
  }
  if (roles.has("operator")) {
    specs.push(p.state === "paused" ? { label: "Resume", what: "Resume the promotion where it was paused.", method: "POST", path: path("resume") } : { label: "Pause", what: "Pause the promotion and its running stage.", method: "POST", path: path("pause") });
    if (p.step === "paused") specs.push({ label: "Retry", what: "Retry the step that failed.", method: "POST", path: path("retry") });
    if (p.step === "gates" || p.step === "paused") specs.push({ label: "Skip gate", what: "Skip one gate of the running stage.", method: "POST", path: path("skip"), fields: [{ name: "gate", label: "Gate name" }] });
    if (p.step === "awaiting-promote") specs.push({ label: "Promote", what: `Promote to ${p.stage ?? "the next stage"}.`, method: "POST", path: path("promote") });
    specs.push({ label: "Roll back", what: "Roll the running stage back to the version it ran before.", method: "POST", path: path("rollback"), danger: true });
    specs.push({ label: "Abort", what: "Abort the promotion; stages already done keep this version.", method: "POST", path: path("abort"), danger: true });
  }
  return specs.length > 0 ? h("div", { class: "toolbar", role: "group", "aria-label": "Actions" }, specs.map(actionButton)) : null;
}

function stagesTable(p: PromotionData, now: number): HTMLElement {
  const rows: string[][] = [];
  const started = new Map<string, string>();
  for (const { at, entry } of p.timeline) {
    if (entry.kind === "stage.started") started.set(entry.stage, at);
    if (entry.kind === "stage.finished") {
      const from = started.get(entry.stage);
      rows.push([entry.stage, time(from), duration(from ? Date.parse(at) - Date.parse(from) : null), `${entry.outcome}${entry.detail ? ` ${entry.detail}` : ""}`]);
      started.delete(entry.stage);
    }
  }
  for (const [stage, from] of started) rows.push([stage, time(from), duration(now - Date.parse(from)), `${p.step ?? "running"}${p.waitingFor ? `: ${p.waitingFor}` : ""}`]);
  return rows.length === 0 ? h("p", {}, "No stage has started yet.") : table(["Stage", "Started", "Duration", "Outcome"], rows, "Stages", "stages-title");
}

function approvals(p: PromotionData): HTMLElement {
  const votes = p.timeline.flatMap(({ at, entry }) => (entry.kind === "approval.vote" ? [[time(at), entry.stage, entry.voter, entry.decision, entry.reason ?? ""]] : []));
  const waiting = p.step === "awaiting-approval" && p.waitingFor ? h("p", {}, `Waiting for ${p.waitingFor} at ${p.stage ?? "-"}.`) : null;
  return h("div", {}, waiting, votes.length === 0 ? h("p", {}, "No votes.") : table(["When", "Stage", "Voter", "Decision", "Reason"], votes, "Approval votes"));
}

function timeline(p: PromotionData): HTMLElement {
  let previous: number | undefined;
  const body = p.timeline.map(({ at, entry }) => {
    const t = describeEntry(entry);
    const after = previous === undefined ? "" : `+${duration(Date.parse(at) - previous)}`;
    previous = Date.parse(at);
    return h("tr", {}, h("td", {}, time(at)), h("td", {}, after), h("td", {}, t.stage ?? ""), h("td", {}, t.step), h("td", {}, detail(entry, t.detail)));
  });
  return h(
    "table",
    {},
    h("caption", { class: "visually-hidden" }, "Timeline"),
    h("thead", {}, h("tr", {}, ["When", "After", "Stage", "Step", "What happened"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, body),
  );
}

/** A commit's sha links to its page when the repository has one. */
function detail(entry: TimelineEntry, text: string): Node | string {
  if (entry.kind !== "commit") return text;
  const url = commitUrl(entry.repository, entry.commit);
  return url ? h("span", {}, h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, entry.commit.slice(0, 7)), text.slice(7)) : text;
}

function table(headers: string[], rows: string[][], caption: string, labelledBy?: string): HTMLElement {
  return h(
    "table",
    labelledBy ? { "aria-labelledby": labelledBy } : {},
    labelledBy ? null : h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, headers.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c))))),
  );
}
