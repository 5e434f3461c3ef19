import { isIP } from "node:net";

/**
 * Set by Baton's local host (baton-host) to the address it listens on; nothing else sets it. The
 * Functions host (Azure, Core Tools) listens on every interface and leaves it unset.
 */
export const HOST_LISTEN_ADDRESS = "BATON_HOST_LISTEN_ADDRESS";

/**
 * `BATON_OPS_TRUST_PRINCIPAL=true` makes the ops API believe `x-ms-client-principal`, which only
 * App Service Authentication strips from incoming requests: anywhere else anyone can forge it and
 * claim any role. So trusting it is refused at start unless App Service Authentication is on
 * (WEBSITE_AUTH_ENABLED=true) or the host listens on loopback only (a developer's machine).
 */
export function assertPrincipalTrustIsSafe(env: Record<string, string | undefined>): void {
  if (env.BATON_OPS_TRUST_PRINCIPAL?.trim().toLowerCase() !== "true") return;
  if (env.WEBSITE_AUTH_ENABLED?.trim().toLowerCase() === "true") return;
  if (isLoopback(env[HOST_LISTEN_ADDRESS])) return;
  throw new Error(
    "BATON_OPS_TRUST_PRINCIPAL=true is refused: without App Service Authentication (WEBSITE_AUTH_ENABLED=true) anyone can forge " +
      "x-ms-client-principal and claim any role. Turn App Service Authentication on, run Baton's local host on loopback only, " +
      "or remove the setting and use named ops keys (BATON_OPS_KEYS, roles and identity per key).",
  );
}

export function isLoopback(address: string | undefined): boolean {
  const host = (address ?? "").trim().toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost") return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) return host === "::1";
  return false;
}
