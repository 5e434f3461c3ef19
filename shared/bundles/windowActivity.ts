/**
 * The bundle window's one activity (named in windowNames.ts), registered apart from the promotion
 * activities' table. It has a durable client: a complete group whose promotion the door never
 * started (it stopped after recording the last image) is started from here.
 */
import * as df from "durable-functions";
import type { InvocationContext } from "@azure/functions";
import { createDurableStarter } from "../ingest/adapters/durableStarter.js";
import type { BundleArrivalStore } from "./arrivals.js";
import { closeBundleWindow, type WindowClosed } from "./closeWindow.js";
import type { BundleWindowInput } from "./gather.js";
import { CLOSE_BUNDLE_WINDOW } from "./windowNames.js";

export function registerBundleWindowActivity(store: () => Promise<BundleArrivalStore>): void {
  df.app.activity(CLOSE_BUNDLE_WINDOW, {
    extraInputs: [df.input.durableClient()],
    handler: async (input: BundleWindowInput, context: InvocationContext): Promise<WindowClosed> => {
      // The status location is for a door's answer; the window answers no one.
      const starter = createDurableStarter(df.getClient(context), (instanceId) => instanceId);
      return closeBundleWindow(await store(), starter, input);
    },
  });
}
