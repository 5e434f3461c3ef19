import { app } from "@azure/functions";
import { assertPrincipalTrustIsSafe } from "../shared/ops/auth/principalTrust.js";

// Refuse to start with a setting that would let anyone forge an ops identity (see principalTrust.ts).
app.hook.appStart(() => {
  assertPrincipalTrustIsSafe(process.env);
});
