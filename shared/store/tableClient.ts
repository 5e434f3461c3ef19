import { DefaultAzureCredential } from "@azure/identity";
import { TableClient } from "@azure/data-tables";
import type { StorageSetting } from "../ingest/settings.js";

// @azure/data-tables does not understand the `UseDevelopmentStorage=true` shorthand. This is
// Azurite's published, well-known development account (not a secret).
const azuriteTables =
  "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
  "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
  "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

/** A client for one table, which is created on first use if it does not exist. */
export async function openTable(storage: StorageSetting, tableName: string): Promise<TableClient> {
  const client = clientFor(storage, tableName);
  // createTable succeeds when the table already exists.
  await client.createTable();
  return client;
}

function clientFor(storage: StorageSetting, tableName: string): TableClient {
  if (storage.kind === "identity") return new TableClient(storage.tableEndpoint, tableName, new DefaultAzureCredential());
  const connection = /^\s*UseDevelopmentStorage=true\s*;?\s*$/i.test(storage.value) ? azuriteTables : storage.value;
  const insecure = /DefaultEndpointsProtocol=http;|TableEndpoint=http:/i.test(connection);
  return TableClient.fromConnectionString(connection, tableName, { allowInsecureConnection: insecure });
}

/** Whether an Azure Tables error carries this HTTP status (404 missing, 409 exists, 412 etag). */
export function hasStatus(error: unknown, status: number): boolean {
  return typeof error === "object" && error !== null && "statusCode" in error && error.statusCode === status;
}
