#!/usr/bin/env node
/**
 * baton-flux-event: send Baton a Flux notification-controller event exactly as a `generic-hmac`
 * provider does (protocols.md 3.1-3.2), for the walkthrough and for trying Baton without a cluster.
 *   baton-flux-event --cluster aks-dev --name orders-api-dev (--revision main@sha1:<sha> | --repo <url>)
 *                    [--namespace flux-system] [--kind Kustomization] [--branch main] [--failed]
 *                    [--token <hmac key> | FLUX_WEBHOOK_TOKEN] [--to http://127.0.0.1:7071]
 */
import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { parseArgs } from "node:util";

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
    },
    strict: true,
  });
  const token = values.token ?? process.env.FLUX_WEBHOOK_TOKEN;
  if (!values.cluster || !values.name || !token || (!values.revision && !values.repo)) {
    throw new Error("Usage: baton-flux-event --cluster <c> --name <object> (--revision <rev> | --repo <url>) [--token <t> | FLUX_WEBHOOK_TOKEN] [--failed]");
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
  console.log(`${values.kind} ${values.namespace}/${values.name} on ${values.cluster} ${values.failed ? "failed" : "ready"} at ${revision}: ${res.status} ${await res.text()}`);
  if (!res.ok) process.exitCode = 1;
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
