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

export function clientBindingData(origin: string, taskHub: string): ClientBindingData {
  const base = `${origin}${DURABLE_BASE_PATH}`;
  const query = `taskHub=${encodeURIComponent(taskHub)}&connection=Storage`;
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
    rpcBaseUrl: `${base}/`,
  };
}

/** The management payload for one instance (what `createHttpManagementPayload` returns on Azure). */
export function managementPayload(origin: string, taskHub: string, instanceId: string): Record<string, string> {
  const urls = clientBindingData(origin, taskHub).managementUrls;
  const id = encodeURIComponent(instanceId);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(urls)) out[key] = value.replaceAll("INSTANCEID", id);
  delete out.restartPostUri;
  return out;
}
