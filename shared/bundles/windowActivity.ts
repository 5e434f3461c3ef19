/**
 * The bundle window's one activity (named in windowNames.ts), registered apart from the promotion
 * activities' table.
 */
import * as df from "durable-functions";
import type { BundleArrivalStore } from "./arrivals.js";
import { closeBundleWindow, type WindowClosed } from "./closeWindow.js";
import type { BundleWindowInput } from "./gather.js";
import { CLOSE_BUNDLE_WINDOW } from "./windowNames.js";

export function registerBundleWindowActivity(store: () => Promise<BundleArrivalStore>): void {
  df.app.activity(CLOSE_BUNDLE_WINDOW, {
    handler: async (input: BundleWindowInput): Promise<WindowClosed> => closeBundleWindow(await store(), input),
  });
}
