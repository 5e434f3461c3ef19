/**
 * Telemetry settings, read once at the edge. Telemetry is on when the Functions convention's
 * APPLICATIONINSIGHTS_CONNECTION_STRING is set (the Bicep sets it; locally it is unset, so off).
 * APPLICATIONINSIGHTS_AUTHENTICATION_STRING (`Authorization=AAD;ClientId=<id>`, what the Bicep
 * sets and the Functions host itself honours) makes the exporter authenticate with that managed
 * identity: Application Insights has local (key) authentication disabled.
 */
export type TelemetrySettings =
  | { enabled: false }
  | { enabled: true; connectionString: string; identity?: { clientId?: string } };

export function readTelemetrySettings(env: Record<string, string | undefined>): TelemetrySettings {
  const connectionString = env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim();
  if (!connectionString) return { enabled: false };
  if (!/(^|;)\s*(InstrumentationKey|IngestionEndpoint)\s*=/i.test(connectionString)) {
    throw new Error("APPLICATIONINSIGHTS_CONNECTION_STRING: expected an Application Insights connection string (InstrumentationKey=...;IngestionEndpoint=...)");
  }
  const auth = env.APPLICATIONINSIGHTS_AUTHENTICATION_STRING?.trim();
  if (!auth) return { enabled: true, connectionString };
  const pairs = new Map<string, string>();
  for (const part of auth.split(";").filter((p) => p.trim() !== "")) {
    const at = part.indexOf("=");
    if (at <= 0) throw new Error("APPLICATIONINSIGHTS_AUTHENTICATION_STRING: expected Authorization=AAD;ClientId=<client id>");
    pairs.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  if (pairs.get("authorization")?.toUpperCase() !== "AAD") {
    throw new Error("APPLICATIONINSIGHTS_AUTHENTICATION_STRING: only Authorization=AAD (Entra ID) is supported");
  }
  const clientId = pairs.get("clientid");
  return { enabled: true, connectionString, identity: clientId ? { clientId } : {} };
}
