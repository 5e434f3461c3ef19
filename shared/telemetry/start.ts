/**
 * The telemetry composition root: one per process, whatever the role (doors, activities), started
 * by the first invocation that needs it. The Azure Monitor OpenTelemetry distro is imported here on
 * first use and only when telemetry is on, so a cold start with it off never loads the SDK (a test
 * holds every function module to that). Baton's spans go through the OpenTelemetry API, which does
 * nothing until a provider is registered: off, they cost next to nothing.
 */
import { readTelemetrySettings, type TelemetrySettings } from "./settings.js";

let started: Promise<void> | undefined;

/** Resolves once telemetry is ready (or off); never rejects: telemetry must not stop a promotion. */
export function startTelemetry(env: Record<string, string | undefined> = process.env): Promise<void> {
  started ??= start(env);
  return started;
}

async function start(env: Record<string, string | undefined>): Promise<void> {
  let settings: TelemetrySettings;
  try {
    settings = readTelemetrySettings(env);
  } catch (error) {
    // A bad telemetry setting turns telemetry off, loudly; promotions go on.
    console.error(`telemetry is off: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  if (!settings.enabled) return;
  try {
    const { useAzureMonitor } = await import("@azure/monitor-opentelemetry");
    const credential = settings.identity ? new (await import("@azure/identity")).ManagedIdentityCredential(settings.identity.clientId ? { clientId: settings.identity.clientId } : {}) : undefined;
    useAzureMonitor({
      azureMonitorExporterOptions: { connectionString: settings.connectionString, ...(credential ? { credential } : {}) },
      // Every span of every promotion: the distro's default rate limit (5 traces a second) would
      // drop whole promotions in a burst of pushes, and a promotion's trace is worth keeping whole.
      tracesPerSecond: 0,
      samplingRatio: 1,
      // Live Metrics would keep a connection open from every instance; Flex Consumption scales out.
      enableLiveMetrics: false,
    });
  } catch (error) {
    console.error(`telemetry could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}
