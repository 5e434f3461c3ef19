/** The first view: every pipeline left to right by stage, what runs where since when, what is moving and what stops the line. */
import type { PipelineView } from "../shared/ops/pipelinesView/pipelinesView.js";
import type { ActiveHold } from "../shared/ops/holds/holdStore.js";
import { actionButton } from "./actions.js";
import { badge, h, shortDigest, time } from "./dom.js";

export interface PipelinesData {
  pipelines: PipelineView[];
  holds: ActiveHold[];
}

export function pipelinesPage(data: PipelinesData, roles: ReadonlySet<string>): Node[] {
  const operator = roles.has("operator");
  const global = data.holds.find((x) => x.scope === "global");
  const nodes: (Node | null)[] = [
    h("h1", {}, "Pipelines"),
    global
      ? h("div", { class: "hold" }, h("strong", {}, "Every pipeline is held"), ` by ${global.by} since `, h("time", { datetime: global.at }, time(global.at)), `: ${global.reason} `, operator ? actionButton({ label: "Release global hold", what: "Let every pipeline move again.", method: "DELETE", path: "/api/holds/global" }) : null)
      : operator
        ? h("div", { class: "toolbar" }, actionButton({ label: "Hold every pipeline", what: "Stop the line: promotions wait at their next stage boundary.", method: "PUT", path: "/api/holds/global", danger: true }))
        : null,
    ...(data.pipelines.length === 0 ? [h("p", {}, "No pipelines are configured.")] : data.pipelines.map((p) => pipelineSection(p, operator))),
  ];
  return nodes.filter((n): n is Node => n !== null);
}

function pipelineSection(p: PipelineView, operator: boolean): HTMLElement {
  const own = p.holds.find((x) => x.scope === "pipeline");
  const titleId = `pipeline-${p.name}`;
  return h(
    "section",
    { class: "pipeline", "aria-labelledby": titleId },
    h("h2", { id: titleId }, p.name),
    own
      ? h("div", { class: "hold" }, h("strong", {}, "Held"), ` by ${own.by} since `, h("time", { datetime: own.at }, time(own.at)), `: ${own.reason} `, operator ? actionButton({ label: `Release hold on ${p.name}`, what: `Let ${p.name} move again.`, method: "DELETE", path: `/api/holds/${p.name}` }) : null)
      : operator
        ? h("div", { class: "toolbar" }, actionButton({ label: `Hold ${p.name}`, what: `Stop ${p.name}: its promotions wait at their next stage boundary.`, method: "PUT", path: `/api/holds/${p.name}` }))
        : null,
    h(
      "ol",
      { class: "stages", "aria-label": `${p.name} stages in order` },
      p.stages.map((s) =>
        h(
          "li",
          {},
          h("div", { class: "name" }, s.name),
          s.version
            ? h(
                "div",
                {},
                // A bundle runs all of its images here: each one, with its member name.
                s.version.bundle
                  ? h("ul", { class: "bundle", "aria-label": `images at ${s.name}` }, s.version.bundle.map((i) => h("li", {}, `${i.member} `, h("span", { class: "tag" }, i.tag), " ", h("span", { class: "muted" }, shortDigest(i.digest)))))
                  : [h("span", { class: "tag" }, s.version.tag), " ", h("span", { class: "muted" }, shortDigest(s.version.digest))],
                h("div", { class: "muted" }, `since ${time(s.version.since)}`),
              )
            : h("div", { class: "muted" }, "nothing promoted yet"),
          s.lastFailure ? h("div", { class: "failure" }, `${s.lastFailure.tag} ${s.lastFailure.rolledBack ? "rolled back" : "failed"} ${time(s.lastFailure.at)}`) : null,
          ...p.inFlight
            .filter((f) => f.stage === s.name)
            .map((f) =>
              h(
                "div",
                { class: "flight" },
                h("a", { href: `#/promotion/${f.id}` }, f.image?.tag ?? f.id),
                " ",
                f.state === "paused" ? badge("paused") : null,
                h("div", {}, `${f.step ?? f.state}${f.waitingFor ? `: ${f.waitingFor}` : ""}`),
              ),
            ),
        ),
      ),
    ),
    p.inFlight.filter((f) => !f.stage).map((f) => h("div", { class: "flight" }, h("a", { href: `#/promotion/${f.id}` }, f.image?.tag ?? f.id), ` ${f.step ?? f.state}${f.waitingFor ? `: ${f.waitingFor}` : ""}`)),
  );
}
