/**
 * Every action asks for a reason in one modal dialog, sends it, and shows the API's refusal in
 * its own words; on success the dialog closes, a live region says so and the view refreshes.
 */
import { api, ApiRefusal } from "./api.js";
import { h } from "./dom.js";

export interface ActionSpec {
  /** Button text, also the dialog's title. */
  label: string;
  /** What it will do, in a sentence. */
  what: string;
  method: "POST" | "PUT" | "DELETE";
  path: string;
  /** Extra required fields besides the reason (e.g. the gate to skip). */
  fields?: { name: string; label: string }[];
  danger?: boolean;
}

let onDone: () => void = () => undefined;

export function setAfterAction(refresh: () => void): void {
  onDone = refresh;
}

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing #${id}`);
  return el as T;
}

export function actionButton(spec: ActionSpec): HTMLButtonElement {
  return h("button", { type: "button", class: spec.danger ? "danger" : undefined, onclick: () => openAction(spec) }, spec.label);
}

function openAction(spec: ActionSpec): void {
  const dialog = byId<HTMLDialogElement>("action");
  const form = byId<HTMLFormElement>("action-form");
  const reason = byId<HTMLTextAreaElement>("action-reason");
  const error = byId("action-error");
  byId("action-title").textContent = spec.label;
  byId("action-what").textContent = spec.what;
  const fields = byId("action-fields");
  fields.replaceChildren(
    ...(spec.fields ?? []).flatMap((f) => [h("label", { for: `action-field-${f.name}` }, f.label), h("input", { id: `action-field-${f.name}`, name: f.name, required: true })]),
  );
  reason.value = "";
  error.textContent = "";
  form.onsubmit = (event) => {
    event.preventDefault();
    const body: Record<string, string> = { reason: reason.value };
    for (const f of spec.fields ?? []) body[f.name] = (byId<HTMLInputElement>(`action-field-${f.name}`)).value;
    error.textContent = "";
    api<unknown>(spec.method, spec.path, body).then(
      () => {
        dialog.close();
        byId("announce").textContent = `${spec.label}: accepted`;
        onDone();
      },
      (e: unknown) => {
        error.textContent = e instanceof ApiRefusal ? `Refused (${e.status}): ${e.message}` : `Failed: ${String(e)}`;
      },
    );
  };
  byId("action-cancel").onclick = () => dialog.close();
  dialog.showModal();
  (spec.fields?.length ? byId<HTMLInputElement>(`action-field-${spec.fields[0]!.name}`) : reason).focus();
}
