import type { Unavailable } from "../../observation.js";

/**
 * A failed ARM read as an `unavailable` observation. Uses the status code and the ARM error's
 * code and message only (the SDK's RestError also carries the request, headers included).
 */
export function unavailableFromArm(error: unknown, resource: string): Unavailable {
  const asked = `GET ${resource}`;
  const status = restStatus(error);
  if (status === undefined) {
    const reason = error instanceof Error ? error.message : String(error);
    return unavailable(false, `${asked} failed: ${reason}; check that Azure Resource Manager is reachable from Baton`);
  }
  const answer = `${asked} answered ${status.statusCode ?? "no status"}${status.code ? ` ${status.code}` : ""}: ${status.message}`;
  if (status.statusCode === 404) {
    return unavailable(true, `${answer}; check the resource group, cluster and fluxConfiguration names in Baton's cluster settings`);
  }
  if (status.statusCode === 401 || status.statusCode === 403) {
    return unavailable(false, `${answer}; grant Baton's identity Reader on the cluster (Microsoft.KubernetesConfiguration/fluxConfigurations/read)`);
  }
  return unavailable(false, answer);
}

function unavailable(notFound: boolean, detail: string): Unavailable {
  return { kind: "unavailable", source: "arm", notFound, detail };
}

interface RestStatus {
  statusCode?: number;
  code?: string;
  message: string;
}

/** Duck-typed RestError (@azure/core-rest-pipeline), so domain code needs no pipeline import. */
function restStatus(error: unknown): RestStatus | undefined {
  if (!(error instanceof Error) || error.name !== "RestError") return undefined;
  const statusCode = "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : undefined;
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  return { statusCode, code, message: error.message };
}
