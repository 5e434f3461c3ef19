/**
 * The bundle window's one activity, named and typed here (the window orchestration and its
 * registration share it), kept apart from the promotion activities' table.
 */
import * as df from "durable-functions";
import type { BundleArrivalStore } from "./arrivals.js";
import { closeBundleWindow, type WindowClosed } from "./closeWindow.js";
import type { BundleWindowInput } from "./gather.js";

export const CLOSE_BUNDLE_WINDOW = "closeBundleWindow";

export type CloseWindowActivity = (input: BundleWindowInput) => Promise<WindowClosed>;

export function registerBundleWindowActivity(store: () => Promise<BundleArrivalStore>): void {
  df.app.activity(CLOSE_BUNDLE_WINDOW, {
    handler: async (input: BundleWindowInput): Promise<WindowClosed> => closeBundleWindow(await store(), input),
  });
}
