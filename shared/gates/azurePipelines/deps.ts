import type { TokenCredential } from "@azure/identity";
import type { SecretSource } from "../../config/secrets.js";

/** What the Azure Pipelines gate's activities receive: secrets by name, an outbound fetch, Entra credentials. */
export interface AzurePipelinesGateDeps {
  secrets: SecretSource;
  fetch: typeof fetch;
  /** Baton's identity, for `auth: { kind: entra }` (DefaultAzureCredential in production). */
  credential: TokenCredential;
}
