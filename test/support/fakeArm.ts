/**
 * A fake Azure Resource Manager on loopback for the AKS GitOps extension's fluxConfigurations
 * (protocols.md 4.1): `GET /subscriptions/{sub}/resourceGroups/{rg}/providers/{clusterRp}/
 * {clusterType}/{cluster}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/{name}`
 * with `api-version`, bearer auth, the REST resource shape, and ARM error bodies. ARM paths are
 * case-insensitive, so are the fake's.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { listenOnLoopback, loopbackHttpClient } from "./loopbackHttpClient.js";

export interface FluxConfigurationLocation {
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
  name: string;
}

/** The REST resource (`properties` not flattened), as ARM returns it. */
export interface FluxConfigurationResource {
  id: string;
  name: string;
  type: "Microsoft.KubernetesConfiguration/fluxConfigurations";
  properties: Record<string, unknown>;
}

export interface FakeArm {
  /** The https endpoint clients use (the SDK requires https for bearer auth). */
  endpoint: string;
  /** Routes the SDK's https endpoint to this loopback server. */
  httpClient: HttpClient;
  /** Stores the resource's properties (statuses, complianceState, …) and returns the resource for mutation. */
  put(location: FluxConfigurationLocation, properties: Record<string, unknown>): FluxConfigurationResource;
  remove(location: FluxConfigurationLocation): void;
  tokensSeen: string[];
  apiVersionsSeen: string[];
  close(): Promise<void>;
}

export const FAKE_ARM_TOKEN = "fake-arm-token";

export async function startFakeArm(): Promise<FakeArm> {
  const endpoint = "https://management.azure.com";
  const resources = new Map<string, FluxConfigurationResource>();
  const tokensSeen: string[] = [];
  const apiVersionsSeen: string[] = [];
  const idOf = (l: FluxConfigurationLocation): string =>
    `/subscriptions/${l.subscriptionId}/resourceGroups/${l.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${l.clusterName}` +
    `/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/${l.name}`;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://arm");
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!token) {
      armError(res, 401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
      return;
    }
    tokensSeen.push(token);
    const apiVersion = url.searchParams.get("api-version");
    if (!apiVersion) {
      armError(res, 400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
      return;
    }
    apiVersionsSeen.push(apiVersion);
    const resource = req.method === "GET" ? resources.get(url.pathname.toLowerCase()) : undefined;
    if (!resource) {
      const name = url.pathname.split("/").at(-1) ?? "";
      const group = /\/resourceGroups\/([^/]+)/i.exec(url.pathname)?.[1] ?? "";
      armError(res, 404, "ResourceNotFound", `The Resource 'Microsoft.KubernetesConfiguration/fluxConfigurations/${name}' under resource group '${group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
      return;
    }
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "x-ms-request-id": "00000000-0000-0000-0000-00000000a4e1" });
    res.end(JSON.stringify(resource));
  });
  const port = await listenOnLoopback(server);
  const httpClient = loopbackHttpClient(endpoint, port);

  return {
    endpoint,
    httpClient,
    put(location, properties) {
      const resource: FluxConfigurationResource = { id: idOf(location), name: location.name, type: "Microsoft.KubernetesConfiguration/fluxConfigurations", properties };
      resources.set(resource.id.toLowerCase(), resource);
      return resource;
    },
    remove: (location) => void resources.delete(idOf(location).toLowerCase()),
    tokensSeen,
    apiVersionsSeen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function armError(res: ServerResponse, code: number, errorCode: string, message: string): void {
  res.writeHead(code, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify({ error: { code: errorCode, message } }));
}
