#!/usr/bin/env node
/**
 * baton-flux-event: send Baton a Flux notification-controller event exactly as a `generic-hmac`
 * provider does (protocols.md 3.1-3.2), for the walkthrough and for trying Baton without a cluster.
 * `baton-flux-event --help` lists every option.
 */
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { parseArgs } from "node:util";

const USAGE = `Usage: baton-flux-event --cluster <cluster> --name <object> (--revision <rev> | --repo <git url>) [options]
Sends Baton a signed Flux notification-controller event, as a generic-hmac provider does.
  --cluster <name>      the cluster the event comes from (the door's path: /api/ingest/flux/<cluster>)
  --name <object>       the Flux object's name, e.g. orders-api-dev
  --namespace <ns>      its namespace (default flux-system)
  --kind <kind>         Kustomization or HelmRelease (default Kustomization)
  --revision <rev>      the revision Flux reports, e.g. main@sha1:<sha>
  --repo <git url>      or: report the head of this repository's --branch
  --branch <branch>     the branch for --repo (default main)
  --failed              report a failed health check instead of Ready
  --token <hmac key>    the provider's token (default: env FLUX_WEBHOOK_TOKEN)
  --to <base url>       Baton's base URL (default http://127.0.0.1:$PORT, PORT 7071)
  -h, --help            this text
Exits non-zero when Baton refuses the event or no promotion waits for the object.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cluster: { type: "string" },
      name: { type: "string" },
      namespace: { type: "string", default: "flux-system" },
      kind: { type: "string", default: "Kustomization" },
      revision: { type: "string" },
      repo: { type: "string" },
      branch: { type: "string", default: "main" },
      failed: { type: "boolean", default: false },
      token: { type: "string" },
      to: { type: "string", default: `http://127.0.0.1:${process.env.PORT ?? "7071"}` },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const token = values.token ?? process.env.FLUX_WEBHOOK_TOKEN;
  if (!values.cluster || !values.name || !token || (!values.revision && !values.repo)) {
    throw new Error(`missing ${[!values.cluster && "--cluster", !values.name && "--name", !token && "--token (or FLUX_WEBHOOK_TOKEN)", !values.revision && !values.repo && "--revision or --repo"].filter(Boolean).join(", ")}\n${USAGE}`);
  }
  const revision = values.revision ?? `${values.branch}@sha1:${headOf(values.repo ?? "", values.branch)}`;
  const body = JSON.stringify({
    involvedObject: { kind: values.kind, namespace: values.namespace, name: values.name, uid: "00000000-0000-0000-0000-000000000000", apiVersion: "kustomize.toolkit.fluxcd.io/v1", resourceVersion: "1" },
    severity: values.failed ? "error" : "info",
    timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
    message: values.failed ? "Health check failed after 5m0s: timeout waiting for: [Deployment status: 'InProgress']" : "Reconciliation finished in 1.2s, next run in 10m0s",
    reason: values.failed ? "HealthCheckFailed" : "ReconciliationSucceeded",
    metadata: { revision },
    reportingController: "kustomize-controller",
    reportingInstance: "kustomize-controller-local",
  });
  const res = await fetch(`${values.to}/api/ingest/flux/${values.cluster}`, {
    method: "POST",
    headers: { "content-type": "application/json", "gotk-component": "kustomize-controller", "x-signature": `sha256=${createHmac("sha256", token).update(body).digest("hex")}` },
    body,
  });
  const text = await res.text();
  console.log(`${values.kind} ${values.namespace}/${values.name} on ${values.cluster} ${values.failed ? "failed" : "ready"} at ${revision}: ${res.status} ${text}`);
  if (!res.ok) process.exitCode = 1;
  // A report nobody waits for (a misspelt object, another cluster) released nothing: say so.
  else if (releasedNothing(text)) {
    console.error("no promotion waits for this object: check --cluster, --namespace, --kind and --name");
    process.exitCode = 2;
  }
}

function releasedNothing(text: string): boolean {
  try {
    const body = JSON.parse(text) as { status?: unknown; delivered?: unknown };
    return body.status === "routed" && body.delivered === 0;
  } catch {
    return false;
  }
}

function headOf(url: string, branch: string): string {
  const line = execFileSync("git", ["ls-remote", url, `refs/heads/${branch}`], { encoding: "utf8" }).trim();
  const sha = line.split(/\s+/)[0];
  if (!sha) throw new Error(`${url} has no branch ${branch}`);
  return sha;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
