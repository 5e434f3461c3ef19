// Baton's doors in the local runtime for the security tests: every HTTP door (ingestion, ops API,
// Teams messages, health), the Event Grid trigger, and stand-in promotion orchestrators (the ops
// fixture app), over Azurite. Helpers read what a request could have changed: instances in the
// task hub and rows in Baton's tables.
import { TableClient, TableServiceClient } from "@azure/data-tables";
import { afterAll, beforeAll } from "vitest";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { useAzurite } from "../support/azurite.js";
import { channelKey, serveOpenIdMetadata, type OpenIdMetadataServer } from "../support/fakeBotFramework/channelKeys.js";
import { PIPELINES, SECRETS } from "../ingest/world.js";

export { SECRETS };
export const OPERATOR_KEY = "security-operator-key-0123456789";
export const APPROVER_KEY = "security-approver-key-0123456789";
export const OPS_KEYS = `ops=${OPERATOR_KEY}\nada:approver+viewer:ada@example.com=${APPROVER_KEY}`;
export const ENTRIES = [
  "functions/ingest*.ts",
  "functions/acrEventgridTrigger.ts",
  "functions/ops*.ts",
  "functions/health.ts",
  "functions/teamsMessages.ts",
  "test/fixtures/ops/app.ts",
];

export interface DoorsWorld {
  host: () => TestHost;
  connectionString: () => string;
  prefix: string;
}

/** Call at the top of a test file. `env` adds or overrides settings. */
export function useDoorsWorld(prefix: string, env: Record<string, string> = {}): DoorsWorld {
  const azurite = useAzurite();
  let host: TestHost | undefined;
  let openId: OpenIdMetadataServer | undefined;
  beforeAll(async () => {
    // The Bot Framework's signing keys, published on loopback: token checks run for real.
    openId = await serveOpenIdMetadata([await channelKey("doors-k1", ["msteams"])]);
    Object.assign(process.env, {
      ...SECRETS,
      AzureWebJobsStorage: azurite().connectionString,
      BATON_PUBLIC_URL: "https://baton.example.com",
      BATON_PIPELINES: JSON.stringify({ pipelines: PIPELINES }),
      BATON_TABLE_PREFIX: prefix,
      BATON_OPS_KEYS: OPS_KEYS,
      BATON_TEAMS_APP_ID: "00000000-0000-0000-0000-0000000b0700",
      BATON_TEAMS_TENANT_ID: "00000000-0000-0000-0000-00000000ten7",
      BATON_TEAMS_OPENID_METADATA_URL: openId.metadataUrl,
      ...env,
    });
    host = await startTestHost({ appDir: ".", entry: ENTRIES });
  });
  afterAll(async () => {
    await host?.dispose();
    await openId?.close();
  });
  return {
    host: () => {
      if (!host) throw new Error("the host is not running");
      return host;
    },
    connectionString: () => azurite().connectionString,
    prefix,
  };
}

/** Every instance id in the task hub (any status). */
export async function instanceIds(host: TestHost): Promise<string[]> {
  const ids: string[] = [];
  let token: string | null = null;
  do {
    const res: Response = await host.fetch("/runtime/webhooks/durabletask/instances?top=1000", token ? { headers: { "x-ms-continuation-token": token } } : {});
    ids.push(...((await res.json()) as { instanceId: string }[]).map((i) => i.instanceId));
    token = res.headers.get("x-ms-continuation-token");
  } while (token);
  return ids.sort();
}

/** Row counts of Baton's tables (those with the world's prefix) that hold rows, by table name. */
export async function tableRows(connectionString: string, prefix: string): Promise<Record<string, number>> {
  const service = TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true });
  const counts: Record<string, number> = {};
  for await (const table of service.listTables()) {
    const name = table.name ?? "";
    if (!name.toLowerCase().startsWith(prefix.toLowerCase())) continue;
    const client = TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection: true });
    let n = 0;
    for await (const _row of client.listEntities()) n++;
    if (n > 0) counts[name] = n;
  }
  return counts;
}
