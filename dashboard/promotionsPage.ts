/** Every promotion, newest first, filtered by pipeline and outcome. */
import type { PromotionSummary } from "../shared/ops/durable/promotionView.js";
import { badge, h, time } from "./dom.js";

export const OUTCOMES = ["succeeded", "failed", "rolled-back", "aborted", "superseded"];

export function promotionsQuery(params: URLSearchParams): string {
  const q = new URLSearchParams({ top: "100" });
  for (const name of ["pipeline", "outcome"]) {
    const v = params.get(name);
    if (v) q.set(name, v);
  }
  return `/api/promotions?${q.toString()}`;
}

export function promotionsPage(promotions: PromotionSummary[], params: URLSearchParams, pipelines: string[]): Node[] {
  const select = (name: string, label: string, options: string[]) =>
    h("div", {}, h("label", { for: `filter-${name}` }, label), h("select", { id: `filter-${name}`, name }, h("option", { value: "" }, "any"), options.map((o) => h("option", { value: o, selected: params.get(name) === o }, o))));
  const form = h("form", { class: "filters", "aria-label": "Filter promotions" }, select("pipeline", "Pipeline", pipelines), select("outcome", "Outcome", OUTCOMES), h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === "string" && v) q.set(k, v);
    location.hash = `#/promotions${q.size > 0 ? `?${q.toString()}` : ""}`;
  });
  return [
    h("h1", {}, "Promotions"),
    form,
    promotions.length === 0
      ? h("p", {}, "No promotions match.")
      : h(
          "table",
          {},
          h("caption", { class: "visually-hidden" }, "Promotions, newest first"),
          h("thead", {}, h("tr", {}, ["Image", "Pipeline", "State", "Stage", "Step / waiting for", "Started"].map((c) => h("th", { scope: "col" }, c)))),
          h(
            "tbody",
            {},
            promotions.map((p) =>
              h(
                "tr",
                {},
                h("td", {}, h("a", { href: `#/promotion/${p.id}` }, p.image ? `${p.image.repository}:${p.image.tag}` : p.id)),
                h("td", {}, p.pipeline ?? "-"),
                h("td", {}, badge(p.outcome ?? p.state)),
                h("td", {}, p.stage ?? "-"),
                h("td", {}, p.outcome ? (p.reason ?? "") : `${p.step ?? ""}${p.waitingFor ? `: ${p.waitingFor}` : ""}`),
                h("td", {}, time(p.createdTime)),
              ),
            ),
          ),
        ),
  ];
}
