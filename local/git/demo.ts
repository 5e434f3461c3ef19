/**
 * The demo GitOps repository of the walkthrough (docs/walkthrough.md): one Kustomize overlay per
 * stage for `myacr.azurecr.io/orders-api`, the layout docs/examples/localPipelines.yaml expects.
 */
export const DEMO_IMAGE = "myacr.azurecr.io/orders-api";
export const DEMO_STAGES = ["dev", "staging", "pre-prod", "prod"] as const;

export function demoOverlay(stage: string, tag: string): string {
  return [
    "apiVersion: kustomize.config.k8s.io/v1beta1",
    "kind: Kustomization",
    `# orders-api overlay for ${stage}`,
    "resources:",
    "  - ../../base",
    "images:",
    `  - name: ${DEMO_IMAGE}`,
    `    newTag: ${tag} # promoted by Baton`,
    "",
  ].join("\n");
}

export function demoGitopsFiles(tag = "1.0.0"): Record<string, string> {
  return Object.fromEntries(DEMO_STAGES.map((s) => [`apps/orders-api/overlays/${s}/kustomization.yaml`, demoOverlay(s, tag)]));
}
