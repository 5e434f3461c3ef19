// Registers the promotion and stage orchestrators and their activities. Activity dependencies
// (stores, git clients, readiness sources) are built from settings on first use; their
// composition roots are imported then too, not at cold start (issue 13).
import { lazy } from "../shared/ingest/composition/lazy.js";
import { registerActivities } from "../orchestrations/activities/register.js";
import { registerOrchestrators } from "../orchestrations/register.js";
import { registerBundleWindowActivity } from "../shared/bundles/windowActivity.js";

registerOrchestrators();
registerActivities(lazy(async () => (await import("../orchestrations/activities/compose.js")).activityRoot()()));
registerBundleWindowActivity(lazy(async () => (await import("../shared/bundles/storeRoot.js")).bundleArrivalsRoot()()));
