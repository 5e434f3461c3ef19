/**
 * Baton's own secrets and the platform's, which no pipelines file may ever name (issue 10 point 1),
 * whatever the operator's BATON_PIPELINE_SECRETS would match: the ops keys, the webhook secrets,
 * storage, the Teams bot's password, the pipelines repository's credentials, and everything the
 * Functions platform or Azure SDKs read from the environment (AZURE_CLIENT_SECRET,
 * IDENTITY_HEADER for managed identity, WEBSITE_AUTH_ENCRYPTION_KEY...).
 */

/** Secrets Baton reads under fixed names outside its BATON_ namespace. */
export const OWN_SECRET_NAMES: readonly string[] = [
  "GITHUB_WEBHOOK_SECRET",
  "GITHUB_WEBHOOK_SECRET_PREVIOUS",
  "FLUX_WEBHOOK_TOKEN",
  "FLUX_WEBHOOK_TOKEN_PREVIOUS",
  "ARGOCD_WEBHOOK_TOKEN",
  "ARGOCD_WEBHOOK_TOKEN_PREVIOUS",
  "AZUREDEVOPS_WEBHOOK_TOKEN",
  "AZUREDEVOPS_WEBHOOK_TOKEN_PREVIOUS",
  "ACR_WEBHOOK_SECRET",
  "ACR_WEBHOOK_SECRET_PREVIOUS",
  "EVENTGRID_WEBHOOK_KEY",
  "EVENTGRID_WEBHOOK_KEY_PREVIOUS",
];

/** Whole namespaces: Baton's settings, the Functions host's, App Service's and Azure SDKs'. */
export const RESERVED_PREFIXES: readonly string[] = [
  "BATON_",
  "AzureWebJobs",
  "AzureFunctionsJobHost__",
  "FUNCTIONS_",
  "WEBSITE_",
  "APPSETTING_",
  "APPLICATIONINSIGHTS_",
  "MICROSOFT_PROVIDER_AUTHENTICATION_",
  "AZURE_",
  "IDENTITY_",
  "MSI_",
  "SCM_",
  "CONTAINER_",
];

/** Settings whose VALUE is the name of one of Baton's own secrets (chosen by the operator). */
const NAMING_SETTINGS: readonly string[] = [
  "BATON_TEAMS_APP_PASSWORD_SECRET",
  "BATON_PIPELINES_TOKEN_SECRET",
  "BATON_PIPELINES_PASSWORD_SECRET",
  "BATON_PIPELINES_GITHUB_PRIVATE_KEY_SECRET",
];

/** Every exact name reserved in this environment: the fixed ones and those the settings name. */
export function ownSecretNames(env: Record<string, string | undefined>): string[] {
  const named = NAMING_SETTINGS.map((setting) => env[setting]?.trim()).filter((v): v is string => v !== undefined && v !== "");
  return [...OWN_SECRET_NAMES, ...named];
}
