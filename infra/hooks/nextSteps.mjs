// What a person must configure after `azd provision`: built from the deployment's outputs (azd
// passes them to hooks as environment variables). Pure functions, so test/infra/postprovision.test.ts
// can check the text; postprovision.mjs does the I/O.

/** Lower case, `_` as `-`: the Key Vault name of a setting (shared/config/keyVaultSecrets.ts). */
export function vaultSecretName(setting) {
  return setting.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
}

/**
 * The secrets Baton reads from Key Vault. `generate`: random values the hook creates once (Baton
 * checks them; the other side is configured from them). `provide`: values only their owner has.
 */
export function vaultSecrets(env) {
  const list = [
    { setting: "GITHUB_WEBHOOK_SECRET", kind: "generate", why: "GitHub webhook secret (X-Hub-Signature-256)" },
    { setting: "FLUX_WEBHOOK_TOKEN", kind: "generate", why: "token of every cluster's Flux generic-hmac Provider Secret" },
    { setting: "BATON_OPS_KEYS", kind: "generate", why: "break-glass ops key (name=key), for when Entra sign-in is unavailable" },
    { setting: "ACR_WEBHOOK_SECRET", kind: "optional", why: "only for ACR native webhooks (Authorization: Bearer)" },
    { setting: "EVENTGRID_WEBHOOK_KEY", kind: "optional", why: "only for Event Grid to the HTTP door /api/ingest/eventgrid" },
    { setting: "ARGOCD_WEBHOOK_TOKEN", kind: "optional", why: "only for Argo CD notifications (Authorization: Bearer, docs/argocd.md)" },
    { setting: "AZUREDEVOPS_WEBHOOK_TOKEN", kind: "optional", why: "only for Azure DevOps service hooks (basic password or X-Baton-Token, docs/azureDevOps.md)" },
  ];
  if (env.BATON_TEAMS_BOT_NAME) list.push({ setting: "BATON_TEAMS_APP_PASSWORD", kind: "provide", why: "the Teams bot app registration's client secret" });
  if (env.BATON_PIPELINES_GITHUB_APP_ID) list.push({ setting: env.BATON_PIPELINES_GITHUB_PRIVATE_KEY_SECRET || "BATON_PIPELINES_GITHUB_PRIVATE_KEY", kind: "provide", why: "the GitHub App's private key (PEM)" });
  if (env.BATON_PIPELINES_TOKEN_SECRET) list.push({ setting: env.BATON_PIPELINES_TOKEN_SECRET, kind: "provide", why: "token for the pipelines repository" });
  return list.map((s) => ({ ...s, name: vaultSecretName(s.setting) }));
}

/** A random value for a generated secret (hex of 32 random bytes; the ops key is name=key). */
export function secretValue(setting, randomHex) {
  return setting === "BATON_OPS_KEYS" ? `break-glass=${randomHex}` : randomHex;
}

/** The text printed after provisioning. */
export function nextSteps(env, secretsStatus = {}) {
  const url = (env.BATON_URL || "").replace(/\/+$/, "");
  const vault = env.BATON_KEY_VAULT_NAME || "<vault>";
  const lines = [];
  const say = (s = "") => lines.push(s);
  say("Baton is provisioned. Configure the other side:");
  say();
  say(`Ops API and status:        ${url}/api/promotions   (health: ${url}/api/health)`);
  say(`  Sign-in app (Entra):     ${env.BATON_ENTRA_CLIENT_ID || "<client id>"}; assign people the app roles viewer, operator, approver`);
  if (env.BATON_SCHEDULER_DASHBOARD) say(`Durable Task dashboard:    ${env.BATON_SCHEDULER_DASHBOARD}`);
  say(`Logs and traces:           Application Insights ${env.APPLICATIONINSIGHTS_NAME || ""} (docs/operations.md)`);
  say();
  say("GitHub webhook (repository or organisation settings, or the GitHub App):");
  say(`  Payload URL:   ${url}/api/ingest/github`);
  say("  Content type:  application/json");
  say(`  Secret:        az keyvault secret show --vault-name ${vault} -n ${vaultSecretName("GITHUB_WEBHOOK_SECRET")} --query value -o tsv`);
  say("  Events:        Registry packages, Packages, Workflow runs, Pull requests");
  say();
  say("Flux (each cluster): a generic-hmac Provider to this address, its Secret, an Alert, a Receiver:");
  say(`  Address:       ${url}/api/ingest/flux/<cluster name as in the pipelines file>`);
  say(`  Token:         az keyvault secret show --vault-name ${vault} -n ${vaultSecretName("FLUX_WEBHOOK_TOKEN")} --query value -o tsv`);
  say(`  Manifests:     npx baton-setup clusters --pipelines .baton/pipelines.yaml --url ${url}`);
  say("  Receiver URLs: each stage's receiver.url in the pipelines file, printed by the same command");
  say();
  if (env.BATON_ACR_SUBSCRIPTION) say(`Azure Container Registry:  pushes reach Baton through Event Grid subscription ${env.BATON_ACR_SUBSCRIPTION}`);
  else say("Azure Container Registry:  none connected (set ACR_RESOURCE_ID and run azd provision again, or see docs/azure.md)");
  if (env.BATON_PIPELINES_AUTH === "entra") {
    // Nothing in Azure can grant this: Azure DevOps keeps its own users, so the hook can only say it.
    say(`Pipelines file (Azure Repos): read with the app's managed identity (client id ${env.BATON_IDENTITY_CLIENT_ID || "<identity client id>"}):`);
    say("  add it to the organization (Organization settings > Users, Basic access) with Read on the repository (docs/azureDevOps.md)");
  }
  if (env.BATON_TEAMS_BOT_NAME) {
    say(`Teams bot:                 ${env.BATON_TEAMS_BOT_NAME}, messaging endpoint ${url}/api/messages`);
  } else {
    say(`Teams bot:                 none (set BATON_TEAMS_APP_ID to a single-tenant app registration; messaging endpoint ${url}/api/messages)`);
  }
  say();
  say(`Key Vault ${vault}:`);
  for (const s of vaultSecrets(env)) {
    const status = secretsStatus[s.name] ?? (s.kind === "generate" ? "not checked" : s.kind === "optional" ? "optional" : "to be set");
    say(`  ${s.name.padEnd(36)} ${status.padEnd(12)} ${s.why}`);
  }
  say("  Set one:      az keyvault secret set --vault-name " + vault + " -n <name> --file <file holding the value>");
  say("  Plus every secret the pipelines file names (tokens, kubeconfigs), under the same naming rule.");
  say();
  say("Then: azd deploy (ships .deploy/), and push an image. docs/azure.md walks through the rest.");
  return lines.join("\n");
}
