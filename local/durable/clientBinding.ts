/**
 * The data the Durable extension gives a `durableClient` input binding (durable-host.md
 * section 6). The library's DurableClient is an HTTP client of the URLs in it, so pointing them
 * at this host's Durable HTTP API makes unchanged app code work.
 */
export const DURABLE_BASE_PATH = "/runtime/webhooks/durabletask";

export interface ClientBindingData {
  taskHubName: string;
  creationUrls: Record<string, string>;
  managementUrls: Record<string, string>;
  baseUrl: string;
  requiredQueryStringParameters: string;
  rpcBaseUrl: string;
}

export interface BindingEndpoints {
  /** The public origin (management URLs handed to callers). */
  origin: string;
  /** The durable extension's system key: management URLs carry it as `code`, as on Azure. */
  systemKey: string;
  /** Where the app's own client calls go (the loopback RPC listener). */
  rpcBaseUrl: string;
}

export function clientBindingData(endpoints: BindingEndpoints, taskHub: string): ClientBindingData {
  const base = `${endpoints.origin}${DURABLE_BASE_PATH}`;
  const query = `taskHub=${encodeURIComponent(taskHub)}&connection=Storage&code=${encodeURIComponent(endpoints.systemKey)}`;
  const instance = `${base}/instances/INSTANCEID`;
  return {
    taskHubName: taskHub,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?${query}`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${query}`,
    },
    managementUrls: {
      id: "INSTANCEID",
      statusQueryGetUri: `${instance}?${query}`,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
      terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
      rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
      purgeHistoryDeleteUri: `${instance}?${query}`,
      restartPostUri: `${instance}/restart?${query}`,
      suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
      resumePostUri: `${instance}/resume?reason={text}&${query}`,
    },
    baseUrl: base,
    requiredQueryStringParameters: query,
    rpcBaseUrl: endpoints.rpcBaseUrl,
  };
}

/** The management payload for one instance (what `createHttpManagementPayload` returns on Azure). */
export function managementPayload(endpoints: BindingEndpoints, taskHub: string, instanceId: string): Record<string, string> {
  const urls = clientBindingData(endpoints, taskHub).managementUrls;
  const id = encodeURIComponent(instanceId);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(urls)) out[key] = value.replaceAll("INSTANCEID", id);
  return out;
}
