import type { z } from "zod";
import { Rejection } from "../http/rejection.js";

/** Validates a parsed payload; the 400 names the first offending field so the sender can fix it. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join(".") : "body";
  throw new Rejection(400, `invalid ${what}: ${path}: ${issue?.message ?? "invalid"}`);
}

/** Something well-formed that Baton has no use for; acknowledged and logged, never an error. */
export interface Ignored {
  kind: "ignored";
  reason: string;
}

export const ignored = (reason: string): Ignored => ({ kind: "ignored", reason });
