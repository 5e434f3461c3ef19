/**
 * Names of the secrets the doors read through SecretSource (settings locally, Key Vault on
 * Azure). Each `previous` secret may hold several values, one per line, accepted during rotation.
 */
export const SECRET = {
  github: { current: "GITHUB_WEBHOOK_SECRET", previous: "GITHUB_WEBHOOK_SECRET_PREVIOUS" },
  flux: { current: "FLUX_WEBHOOK_TOKEN", previous: "FLUX_WEBHOOK_TOKEN_PREVIOUS" },
  argocd: { current: "ARGOCD_WEBHOOK_TOKEN", previous: "ARGOCD_WEBHOOK_TOKEN_PREVIOUS" },
  azureDevOps: { current: "AZUREDEVOPS_WEBHOOK_TOKEN", previous: "AZUREDEVOPS_WEBHOOK_TOKEN_PREVIOUS" },
  acr: { current: "ACR_WEBHOOK_SECRET", previous: "ACR_WEBHOOK_SECRET_PREVIOUS" },
  eventGrid: { current: "EVENTGRID_WEBHOOK_KEY", previous: "EVENTGRID_WEBHOOK_KEY_PREVIOUS" },
} as const;
