import type { HttpRequest } from "@azure/functions";
import { Rejection } from "./rejection.js";

const clusterName = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The optional `{cluster?}` route segment a GitOps agent's door is posted to (a DNS label). */
export function clusterParam(request: HttpRequest): string | undefined {
  const cluster = request.params["cluster"];
  if (cluster !== undefined && !clusterName.test(cluster)) throw new Rejection(400, "cluster in the path must be a DNS label");
  return cluster;
}
