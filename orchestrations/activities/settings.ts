/** Settings only the promotion activities read: who commits, and where git work happens. */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";

export interface ActivitySettings {
  author: { name: string; email: string };
  scratchRoot: string;
  /** ARM fluxConfiguration status older than this counts as stale. */
  armMaxStatusAgeMs: number;
}

const schema = z.object({
  BATON_GIT_AUTHOR_NAME: z.string().min(1, "BATON_GIT_AUTHOR_NAME must not be empty").default("Baton"),
  BATON_GIT_AUTHOR_EMAIL: z.email("BATON_GIT_AUTHOR_EMAIL must be an email address").default("baton@users.noreply.github.com"),
  BATON_GIT_SCRATCH_DIR: z.string().optional(),
  BATON_ARM_MAX_STATUS_AGE_SECONDS: z
    .string()
    .regex(/^\d+$/, "BATON_ARM_MAX_STATUS_AGE_SECONDS must be a whole number of seconds")
    .transform(Number)
    .default(600),
});

export function readActivitySettings(env: Record<string, string | undefined> = process.env): ActivitySettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) throw new Error(`invalid settings: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  const s = parsed.data;
  return {
    author: { name: s.BATON_GIT_AUTHOR_NAME, email: s.BATON_GIT_AUTHOR_EMAIL },
    scratchRoot: s.BATON_GIT_SCRATCH_DIR ?? join(tmpdir(), "baton-git"),
    armMaxStatusAgeMs: s.BATON_ARM_MAX_STATUS_AGE_SECONDS * 1000,
  };
}
