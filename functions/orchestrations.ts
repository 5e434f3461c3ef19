// Registers the promotion and stage orchestrators and their activities. Activity dependencies
// (stores, git clients, readiness sources) are built from settings on first use.
import { activityRoot } from "../orchestrations/activities/compose.js";
import { registerActivities } from "../orchestrations/activities/register.js";
import { registerOrchestrators } from "../orchestrations/register.js";
import { bundleArrivalsRoot } from "../shared/bundles/storeRoot.js";
import { registerBundleWindowActivity } from "../shared/bundles/windowActivity.js";

registerOrchestrators();
registerActivities(activityRoot());
registerBundleWindowActivity(bundleArrivalsRoot());
