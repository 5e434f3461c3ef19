/**
 * The dashboard: hash routes (#/pipelines, #/promotions, #/promotion/<id>, #/dora), each view
 * polled every few seconds and redrawn only when its data changed (so focus and scroll stay put).
 */
import { api, ApiRefusal, opsKey, setOpsKey, type Me } from "./api.js";
import { setAfterAction } from "./actions.js";
import { h } from "./dom.js";
import { doraPage, doraQuery } from "./doraPage.js";
import { pipelinesPage, type PipelinesData } from "./pipelinesPage.js";
import { promotionPage, type PromotionData } from "./promotionPage.js";
import { promotionsPage, promotionsQuery } from "./promotionsPage.js";
import type { PromotionSummary } from "../shared/ops/durable/promotionView.js";
import type { DoraReport } from "../shared/ops/dora/metrics.js";

const POLL_MS = 3000;
const main = document.getElementById("main") as HTMLElement;
let roles: ReadonlySet<string> = new Set();
let pipelineNames: string[] = [];
let lastRoute = "";
let lastData = "";
let timer: number | undefined;

interface View {
  path: string;
  render(data: unknown, params: URLSearchParams): Node[];
}

function route(): { view: View; params: URLSearchParams; key: string } {
  const hash = location.hash.replace(/^#\/?/, "") || "pipelines";
  const [path = "", query = ""] = hash.split("?");
  const params = new URLSearchParams(query);
  const [name, id] = path.split("/");
  if (name === "promotion" && id) return { view: { path: `/api/promotions/${encodeURIComponent(id)}`, render: (d) => promotionPage(d as PromotionData, roles, Date.now()) }, params, key: hash };
  if (name === "promotions") return { view: { path: promotionsQuery(params), render: (d, p) => promotionsPage((d as { promotions: PromotionSummary[] }).promotions, p, pipelineNames) }, params, key: hash };
  if (name === "dora") return { view: { path: doraQuery(params), render: (d, p) => doraPage(d as DoraReport, p, pipelineNames) }, params, key: hash };
  return {
    view: {
      path: "/api/pipelines",
      render: (d) => {
        pipelineNames = (d as PipelinesData).pipelines.map((p) => p.name);
        return pipelinesPage(d as PipelinesData, roles);
      },
    },
    params,
    key: hash,
  };
}

async function refresh(): Promise<void> {
  window.clearTimeout(timer);
  const { view, params, key } = route();
  const changedRoute = key !== lastRoute;
  for (const a of document.querySelectorAll("header nav a")) {
    const target = a.getAttribute("href")?.slice(2) ?? "";
    if (key.startsWith(target) || (target === "promotions" && key.startsWith("promotion/"))) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  try {
    const data = await api<unknown>("GET", view.path);
    const text = JSON.stringify(data);
    if (changedRoute || text !== lastData) {
      main.replaceChildren(...view.render(data, params));
      main.setAttribute("aria-busy", "false");
      if (changedRoute) main.focus();
    }
    lastRoute = key;
    lastData = text;
  } catch (error) {
    if (error instanceof ApiRefusal && error.status === 401) return signIn(error.message);
    main.replaceChildren(h("h1", {}, "Cannot show this view"), h("p", { role: "alert" }, error instanceof ApiRefusal ? `${error.status}: ${error.message}` : String(error)));
    lastRoute = key;
    lastData = "";
  }
  timer = window.setTimeout(() => void refresh(), POLL_MS);
}

/** Locally: ask once for the ops key. In Azure, App Service Authentication signs people in. */
function signIn(message: string): void {
  window.clearTimeout(timer);
  lastRoute = "";
  const input = h("input", { id: "ops-key", type: "password", autocomplete: "current-password", required: true });
  const form = h(
    "form",
    { id: "signin", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title" }, "Sign in"),
    h("p", {}, opsKey() ? `That key was refused: ${message}` : "Enter a named ops key (BATON_OPS_KEYS). It is kept in this browser tab only, never in a URL."),
    h("label", { for: "ops-key" }, "Ops key"),
    input,
    h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary" }, "Sign in")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    setOpsKey(input.value.trim());
    void start();
  });
  main.replaceChildren(form);
  input.focus();
}

async function start(): Promise<void> {
  try {
    const me = await api<Me>("GET", "/api/me");
    roles = new Set(me.roles);
    const who = document.getElementById("who");
    if (who) {
      const signOut = opsKey() ? h("button", { type: "button", onclick: () => { setOpsKey(null); location.reload(); } }, "Sign out") : null;
      who.replaceChildren(`${me.actor.name} (${me.roles.join(", ")}) `, ...(signOut ? [signOut] : []));
    }
    if (pipelineNames.length === 0) pipelineNames = (await api<PipelinesData>("GET", "/api/pipelines")).pipelines.map((p) => p.name);
    await refresh();
  } catch (error) {
    if (error instanceof ApiRefusal && error.status === 401) signIn(error.message);
    else main.replaceChildren(h("p", { role: "alert" }, `Baton is not answering: ${String(error)}`));
  }
}

setAfterAction(() => void refresh());
window.addEventListener("hashchange", () => void refresh());
void start();
