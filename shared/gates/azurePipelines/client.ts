/**
 * Calls to the Azure DevOps Pipelines REST API (api-version 7.1) for one gate, authenticated as
 * the gate says: a PAT as HTTP basic (empty user name), or an Entra token for Azure DevOps.
 */
import type { AzurePipelinesGate } from "../../durable/activityContracts.js";
import type { AzurePipelinesGateDeps } from "./deps.js";
import { azureDevOpsTokenScope } from "../../azureDevOps/tokenScope.js";

export const API_VERSION = "7.1";
export const DEFAULT_API_URL = "https://dev.azure.com";

/** The fields of a Run (Runs - Get, Runs - Run Pipeline) the gate reads. */
export interface PipelineRun {
  id: number;
  state?: string;
  result?: string;
  url?: string;
  _links?: { web?: { href?: string } };
}

/** An answer Azure DevOps gave that was not the run: status and its message, for the failure mapping. */
export class AzureDevOpsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "AzureDevOpsError";
  }
}

export function runsUrl(gate: AzurePipelinesGate, runId?: number): string {
  const base = (gate.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
  const path = `${base}/${encodeURIComponent(gate.organization)}/${encodeURIComponent(gate.project)}/_apis/pipelines/${gate.pipelineId}/runs`;
  return `${runId === undefined ? path : `${path}/${runId}`}?api-version=${API_VERSION}`;
}

export async function authorization(gate: AzurePipelinesGate, deps: AzurePipelinesGateDeps): Promise<string> {
  if (gate.auth.kind === "pat") {
    const pat = await deps.secrets.get(gate.auth.tokenSecret);
    if (!pat) throw new Error(`the secret ${gate.auth.tokenSecret} (the gate's personal access token) is not set`);
    return `Basic ${Buffer.from(`:${pat}`).toString("base64")}`;
  }
  const token = await deps.credential.getToken(azureDevOpsTokenScope);
  if (!token) throw new Error("no Entra token for Azure DevOps: Baton's identity could not sign in");
  return `Bearer ${token.token}`;
}

/** One request; the Run on 200, an AzureDevOpsError for any other answer. Network errors propagate. */
export async function requestRun(deps: AzurePipelinesGateDeps, url: string, init: { method: "GET" | "POST"; authorization: string; body?: unknown }): Promise<PipelineRun> {
  const response = await deps.fetch(url, {
    method: init.method,
    headers: { authorization: init.authorization, accept: "application/json", ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    redirect: "manual",
  });
  const text = await response.text();
  // A PAT Azure DevOps does not accept is answered 203 with the HTML sign-in page, not 401.
  if (response.status !== 200) throw new AzureDevOpsError(response.status, messageOf(text));
  let run: unknown;
  try {
    run = JSON.parse(text);
  } catch {
    throw new AzureDevOpsError(502, "the answer was not JSON");
  }
  if (typeof run !== "object" || run === null || typeof (run as PipelineRun).id !== "number") throw new AzureDevOpsError(502, "the answer was not a pipeline run");
  return run as PipelineRun;
}

/** Azure DevOps errors are `{ "message": …, "typeKey": … }`; anything else is summarised, not echoed. */
function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === "string") return body.message.slice(0, 300);
  } catch {
    // not JSON: an HTML page (sign-in, proxy)
  }
  return text.trimStart().startsWith("<") ? "an HTML page instead of JSON" : "no error message";
}

export function webUrlOf(run: PipelineRun): string {
  return run._links?.web?.href ?? run.url ?? `run ${run.id}`;
}
