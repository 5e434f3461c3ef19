/** DORA for a chosen period, overall and per pipeline: four figures and two charts (Chart.js, bundled). */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";
import type { DoraMeasures, DoraReport } from "../shared/ops/dora/metrics.js";
import { duration, h, time } from "./dom.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

export const PERIODS = ["7", "30", "90"];

let charts: Chart[] = [];

/** `days` back from now, or an exact `since`/`until` (a link to a past period). */
export function doraQuery(params: URLSearchParams): string {
  const q = new URLSearchParams({ since: params.get("since") ?? `${params.get("days") ?? "30"}d` });
  const until = params.get("until");
  if (until) q.set("until", until);
  const pipeline = params.get("pipeline");
  if (pipeline) q.set("pipeline", pipeline);
  return `/api/dora?${q.toString()}`;
}

export function doraPage(report: DoraReport, params: URLSearchParams, pipelines: string[]): Node[] {
  for (const c of charts) c.destroy();
  charts = [];
  const pipeline = params.get("pipeline") ?? "";
  const measures = pipeline ? report.pipelines.find((p) => p.pipeline === pipeline) : report.overall;
  const form = h(
    "form",
    { class: "filters", "aria-label": "Choose the period and pipeline" },
    h("div", {}, h("label", { for: "dora-days" }, "Period"), h("select", { id: "dora-days", name: "days" }, PERIODS.map((d) => h("option", { value: d, selected: (params.get("days") ?? "30") === d }, `last ${d} days`)))),
    h("div", {}, h("label", { for: "dora-pipeline" }, "Pipeline"), h("select", { id: "dora-pipeline", name: "pipeline" }, h("option", { value: "" }, "all pipelines"), pipelines.map((p) => h("option", { value: p, selected: pipeline === p }, p)))),
    h("button", { type: "submit" }, "Show"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const q = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === "string" && v) q.set(k, v);
    location.hash = `#/dora?${q.toString()}`;
  });
  const daily = measures?.daily ?? [];
  const deployCanvas = h("canvas", { role: "img", "aria-label": `Deployments and failures per day: ${daily.map((d) => `${d.date} ${d.deployments} deployed, ${d.failures} failed`).join("; ")}` });
  const leadCanvas = h("canvas", { role: "img", "aria-label": `Median lead time per day: ${daily.filter((d) => d.leadTimeSeconds !== null).map((d) => `${d.date} ${duration((d.leadTimeSeconds ?? 0) * 1000)}`).join("; ") || "no deployments"}` });
  const nodes = [
    h("h1", {}, "DORA"),
    form,
    h("p", { class: "muted" }, `From ${time(report.from)} to ${time(report.to)} (${report.days} days), ${pipeline || "all pipelines"}; from Baton's own records.`),
    measures ? tiles(measures) : h("p", {}, `No deployments of ${pipeline} in this period.`),
    h(
      "div",
      { class: "charts" },
      h("figure", {}, h("figcaption", {}, "Deployments per day"), h("div", { class: "chart" }, deployCanvas)),
      h("figure", {}, h("figcaption", {}, "Median lead time per day (minutes)"), h("div", { class: "chart" }, leadCanvas)),
    ),
  ];
  const labels = daily.map((d) => d.date.slice(5));
  charts.push(
    new Chart(deployCanvas, {
      type: "bar",
      data: {
        labels,
        datasets: [
          { label: "deployed", data: daily.map((d) => d.deployments), backgroundColor: "#1a7f37" },
          { label: "failed or rolled back", data: daily.map((d) => d.failures), backgroundColor: "#cf222e" },
        ],
      },
      options: { animation: false, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    new Chart(leadCanvas, {
      type: "line",
      data: { labels, datasets: [{ label: "lead time (min)", data: daily.map((d) => (d.leadTimeSeconds === null ? null : Math.round(d.leadTimeSeconds / 6) / 10)), borderColor: "#0969da", spanGaps: true }] },
      options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
    }),
  );
  return nodes;
}

function tiles(m: DoraMeasures): HTMLElement {
  const tile = (title: string, value: string, note: string) => h("div", { class: "tile" }, h("div", { class: "muted" }, title), h("div", { class: "value" }, value), h("div", { class: "muted" }, note));
  return h(
    "div",
    { class: "tiles" },
    tile("Deployment frequency", `${m.deploymentsPerDay.toFixed(2)}/day`, `${m.deployments} to prod`),
    tile("Lead time for changes", duration(m.leadTime.medianSeconds === null ? null : m.leadTime.medianSeconds * 1000), `median, image push to prod Ready (${m.leadTime.samples})`),
    tile("Change failure rate", m.changeFailureRate === null ? "-" : `${Math.round(m.changeFailureRate * 100)}%`, `${m.failures} failed or rolled back at prod`),
    tile("Time to restore", duration(m.timeToRestore.medianSeconds === null ? null : m.timeToRestore.medianSeconds * 1000), `median${m.timeToRestore.unrestored ? `, ${m.timeToRestore.unrestored} not restored` : ""}`),
  );
}
