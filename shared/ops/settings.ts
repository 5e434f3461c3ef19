import { z } from "zod";

/**
 * Settings of the ops API, read once at the edge (house style 2). Storage, BATON_TABLE_PREFIX and
 * the pipelines come from the ingestion settings, so both sides share one configuration.
 */
export interface OpsSettings {
  maxBodyBytes: number;
  /**
   * Whether `x-ms-client-principal` may be believed. Only App Service Authentication strips that
   * header from incoming requests; without it anyone could send one and claim any role.
   */
  trustPrincipal: boolean;
}

const schema = z.object({
  BATON_OPS_MAX_BODY_BYTES: z.coerce
    .number({ error: "BATON_OPS_MAX_BODY_BYTES must be a positive integer" })
    .int("BATON_OPS_MAX_BODY_BYTES must be a positive integer")
    .positive("BATON_OPS_MAX_BODY_BYTES must be a positive integer")
    .default(16 * 1024),
  BATON_OPS_TRUST_PRINCIPAL: z.enum(["true", "false"], { error: "BATON_OPS_TRUST_PRINCIPAL must be true or false" }).optional(),
  // Set by App Service when Authentication is enabled on the app.
  WEBSITE_AUTH_ENABLED: z.string().optional(),
});

/** Reads and validates the ops settings; the error names the setting and what to fix. */
export function readOpsSettings(env: Record<string, string | undefined> = process.env): OpsSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = schema.safeParse(present);
  if (!result.success) throw new Error(`invalid ops settings: ${result.error.issues.map((i) => i.message).join("; ")}`);
  const s = result.data;
  return {
    maxBodyBytes: s.BATON_OPS_MAX_BODY_BYTES,
    trustPrincipal: s.BATON_OPS_TRUST_PRINCIPAL ? s.BATON_OPS_TRUST_PRINCIPAL === "true" : s.WEBSITE_AUTH_ENABLED?.toLowerCase() === "true",
  };
}
