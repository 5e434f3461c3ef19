import { z } from "zod";
import { readPipelineSourceSettings, type PipelineSourceSettings } from "../pipelines/source/settings.js";

/**
 * Settings of the ingestion doors, read once at the edge and passed down typed (house style 2).
 * Shared settings (BATON_PUBLIC_URL, BATON_KEY_VAULT_URL, …) are read by shared/config/settings.ts.
 */
export interface IngestSettings {
  storage: StorageSetting;
  tablePrefix: string;
  maxBodyBytes: number;
  deliveryRetentionMs: number;
  /** Where the pipelines file is read (BATON_PIPELINES, _FILE or _REPOSITORY; shared/pipelines/source). */
  pipelines: PipelineSourceSettings;
  /** When set, Event Grid deliveries may authenticate with an Entra bearer token. */
  eventGridEntra?: { tenantId: string; audience: string };
}

export type StorageSetting = { kind: "connection-string"; value: string } | { kind: "identity"; tableEndpoint: string };

const positiveInt = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a positive integer` })
    .int(`${name} must be a positive integer`)
    .positive(`${name} must be a positive integer`)
    .default(fallback);

const schema = z.object({
  AzureWebJobsStorage: z.string().optional(),
  AzureWebJobsStorage__accountName: z.string().optional(),
  AzureWebJobsStorage__tableServiceUri: z.url("AzureWebJobsStorage__tableServiceUri must be an absolute URL").optional(),
  BATON_TABLE_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, "BATON_TABLE_PREFIX must be 1-40 letters or digits, starting with a letter")
    .default("baton"),
  BATON_INGEST_MAX_BODY_BYTES: positiveInt("BATON_INGEST_MAX_BODY_BYTES", 1024 * 1024),
  BATON_DELIVERY_RETENTION_HOURS: positiveInt("BATON_DELIVERY_RETENTION_HOURS", 72),
  BATON_EVENTGRID_ENTRA_TENANT_ID: z.string().optional(),
  BATON_EVENTGRID_ENTRA_AUDIENCE: z.string().optional(),
});

/** Reads and validates the ingestion settings; the error names the setting and what to fix. */
export function readIngestSettings(env: Record<string, string | undefined> = process.env): IngestSettings {
  // Empty strings mean "not set" (local.settings.json carries empty placeholders).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(present);
  if (!result.success) {
    throw new Error(`invalid ingestion settings: ${result.error.issues.map((i) => i.message).join("; ")}`);
  }
  const s = result.data;
  const tenantId = s.BATON_EVENTGRID_ENTRA_TENANT_ID;
  const audience = s.BATON_EVENTGRID_ENTRA_AUDIENCE;
  if (!tenantId !== !audience) {
    throw new Error("invalid ingestion settings: set both BATON_EVENTGRID_ENTRA_TENANT_ID and BATON_EVENTGRID_ENTRA_AUDIENCE, or neither");
  }
  return {
    storage: storageOf(s),
    tablePrefix: s.BATON_TABLE_PREFIX,
    maxBodyBytes: s.BATON_INGEST_MAX_BODY_BYTES,
    deliveryRetentionMs: s.BATON_DELIVERY_RETENTION_HOURS * 3600_000,
    pipelines: readPipelineSourceSettings(env),
    ...(tenantId && audience ? { eventGridEntra: { tenantId, audience } } : {}),
  };
}

function storageOf(s: z.infer<typeof schema>): StorageSetting {
  if (s.AzureWebJobsStorage) return { kind: "connection-string", value: s.AzureWebJobsStorage };
  if (s.AzureWebJobsStorage__tableServiceUri) return { kind: "identity", tableEndpoint: s.AzureWebJobsStorage__tableServiceUri };
  if (s.AzureWebJobsStorage__accountName) {
    return { kind: "identity", tableEndpoint: `https://${s.AzureWebJobsStorage__accountName}.table.core.windows.net` };
  }
  // The same default the Functions host and `npm start` use: Azurite.
  return { kind: "connection-string", value: "UseDevelopmentStorage=true" };
}
