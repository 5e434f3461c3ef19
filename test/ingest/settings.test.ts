import { describe, expect, it } from "vitest";
import { readIngestSettings } from "../../shared/ingest/settings.js";

describe("ingestion settings", () => {
  it("has working defaults with no settings at all", () => {
    expect(readIngestSettings({})).toEqual({
      storage: { kind: "connection-string", value: "UseDevelopmentStorage=true" },
      tablePrefix: "baton",
      maxBodyBytes: 1048576,
      deliveryRetentionMs: 72 * 3600_000,
      pipelines: { trust: expect.any(Object) as unknown },
    });
  });

  it("reads every setting and treats empty values as unset", () => {
    const s = readIngestSettings({
      AzureWebJobsStorage: "",
      AzureWebJobsStorage__accountName: "batonprod",
      BATON_TABLE_PREFIX: "batonProd",
      BATON_INGEST_MAX_BODY_BYTES: "2048",
      BATON_DELIVERY_RETENTION_HOURS: "24",
      BATON_PIPELINES_FILE: "pipelines.yaml",
      BATON_EVENTGRID_ENTRA_TENANT_ID: "tid",
      BATON_EVENTGRID_ENTRA_AUDIENCE: "api://baton",
    });
    expect(s).toMatchObject({
      storage: { kind: "identity", tableEndpoint: "https://batonprod.table.core.windows.net" },
      tablePrefix: "batonProd",
      maxBodyBytes: 2048,
      deliveryRetentionMs: 24 * 3600_000,
      pipelines: { file: "pipelines.yaml" },
      eventGridEntra: { tenantId: "tid", audience: "api://baton" },
    });
  });

  it("names the setting that is wrong", () => {
    expect(() => readIngestSettings({ BATON_INGEST_MAX_BODY_BYTES: "lots" })).toThrow(/BATON_INGEST_MAX_BODY_BYTES must be a positive integer/);
    expect(() => readIngestSettings({ BATON_DELIVERY_RETENTION_HOURS: "-1" })).toThrow(/BATON_DELIVERY_RETENTION_HOURS/);
    expect(() => readIngestSettings({ BATON_TABLE_PREFIX: "1-bad" })).toThrow(/BATON_TABLE_PREFIX/);
    expect(() => readIngestSettings({ BATON_EVENTGRID_ENTRA_TENANT_ID: "tid" })).toThrow(/BATON_EVENTGRID_ENTRA_AUDIENCE/);
  });
});
