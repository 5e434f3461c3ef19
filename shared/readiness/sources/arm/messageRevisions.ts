/**
 * ARM reports a Kustomization's conditions but not its lastAppliedRevision, so the applied
 * revision is read from the Ready message kustomize-controller writes on success
 * ("Applied revision: main@sha1:…", protocols.md 4.1 example).
 */
export function appliedRevisionIn(message: string): string | undefined {
  return /^Applied revision: (\S+)$/.exec(message.trim())?.[1];
}

/**
 * helm-controller names the chart in its Ready messages ("Helm upgrade succeeded for release
 * apps/orders.v4 with chart orders@1.4.2"). Not confirmed in source [U]: when the message has
 * another form the chart version stays unknown and a chart expectation keeps the wait open.
 */
export function chartVersionIn(message: string): string | undefined {
  return /\bwith chart [^\s@]+@([^\s:,]+)/.exec(message)?.[1];
}
