import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TableClient } from "@azure/data-tables";
import { describe, expect, it } from "vitest";
import { startAzurite } from "../../local/azurite.js";

describe("startAzurite", () => {
  it("runs on free ports, persists to its location and restarts on it", async () => {
    const location = await mkdtemp(join(tmpdir(), "baton-azurite-disk-"));
    try {
      const first = await startAzurite({ location, blobPort: 0, queuePort: 0, tablePort: 0, silent: true });
      expect(first.tableEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
      expect(first.connectionString).toContain(`TableEndpoint=${first.tableEndpoint};`);
      const table = TableClient.fromConnectionString(first.connectionString, "persisted", { allowInsecureConnection: true });
      await table.createTable();
      await table.createEntity({ partitionKey: "p", rowKey: "r", value: "kept" });
      await first.stop();

      const second = await startAzurite({ location, blobPort: 0, queuePort: 0, tablePort: 0, silent: true });
      const again = TableClient.fromConnectionString(second.connectionString, "persisted", { allowInsecureConnection: true });
      expect((await again.getEntity<{ value: string }>("p", "r")).value).toBe("kept");
      await second.stop();
    } finally {
      await rm(location, { recursive: true, force: true });
    }
  });
});
