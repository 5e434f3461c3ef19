import { fileURLToPath } from "node:url";
import { app } from "@azure/functions";
import { dashboardDoor } from "../shared/dashboard/serveDashboard.js";

// The dashboard at /api/dashboard/: static files built by infra/buildDashboard.mjs, found next to
// the compiled functions (dist/dashboardApp, .deploy/dashboardApp) or, when the functions run
// from TypeScript sources, in dist/ of the checkout.
const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

app.http("dashboard", {
  route: "dashboard/{*asset}",
  methods: ["GET", "HEAD"],
  authLevel: "anonymous",
  handler: dashboardDoor([here("../dashboardApp/"), here("../dist/dashboardApp/")]),
});
