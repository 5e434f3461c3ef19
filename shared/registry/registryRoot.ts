/**
 * The registry reads of the doors, built from settings: ACR with the app's Entra identity, through
 * the outbound guard. Baton reads only the registry a push event names, after a pipeline that
 * watches that registry took the push; the host must be an ACR login server (`*.azurecr.io` and
 * the sovereign clouds' suffixes) or allowed by BATON_ALLOWED_HOSTS, and it must resolve to an
 * address the pipelines file's URLs may reach (no link-local or metadata address, private and
 * loopback only where the operator allows them).
 */
import type { TokenCredential } from "@azure/identity";
import { HostAllowList } from "../net/hostAllowList.js";
import { guardedFetch } from "../net/outboundGuard.js";
import type { OutboundPolicy } from "../net/outboundPolicy.js";
import { createAcrReader } from "./acrClient.js";
import { createRegistryInspector, type RegistryInspector } from "./inspect.js";

/**
 * ACR login servers (and their regional data endpoints, `<name>.<region>.data.azurecr.io`) in
 * Azure's public, China and US Government clouds, and the storage ACR redirects blob reads to.
 */
export const ACR_HOSTS = ["*.azurecr.io", "*.azurecr.cn", "*.azurecr.us", "*.blob.core.windows.net", "*.blob.core.chinacloudapi.cn", "*.blob.core.usgovcloudapi.net"] as const;

export function registryPolicy(outbound: OutboundPolicy): OutboundPolicy {
  const allowed = outbound.hosts?.entries ?? [];
  return { ...outbound, hosts: new HostAllowList([...allowed, ...ACR_HOSTS]) };
}

/**
 * `credential`: the app's identity (DefaultAzureCredential, created on the first read, when none
 * is given); `fetch`: the guarded fetch for registry hosts unless a test routes a name to its fake.
 */
export function registryInspector(outbound: OutboundPolicy, credential?: TokenCredential, fetch?: typeof globalThis.fetch): RegistryInspector {
  let own: Promise<TokenCredential> | undefined;
  const identity: TokenCredential = credential ?? {
    async getToken(scopes, options) {
      own ??= import("@azure/identity").then(({ DefaultAzureCredential }) => new DefaultAzureCredential());
      return (await own).getToken(scopes, options);
    },
  };
  return createRegistryInspector(createAcrReader({ fetch: fetch ?? guardedFetch(registryPolicy(outbound)), credential: identity }));
}
