import { ORCHESTRATOR } from "../durable/names.js";
import type { DurableClientPart } from "../ingest/adapters/durableClientPart.js";
import { instanceExists } from "../ingest/adapters/instanceStatus.js";
import type { BundleWindowStarter } from "./gather.js";

/** Starts a bundle's window orchestration once per group and generation (a rival start reads as "exists"). */
export function createDurableWindowStarter(client: DurableClientPart): BundleWindowStarter {
  return {
    async startWindow(instanceId, input) {
      if (await instanceExists(client, instanceId)) return;
      try {
        await client.startNew(ORCHESTRATOR.bundleWindow, { instanceId, input });
      } catch (error) {
        if (await instanceExists(client, instanceId)) return;
        throw new Error(`cannot open the bundle window ${instanceId}`, { cause: error });
      }
    },
  };
}
