import { z } from "zod";

/** Why a person did something: required on every mutating call, kept in the audit. */
export const reasonField = z
  .string({ error: "a reason is required: say why" })
  .trim()
  .min(1, "a reason is required: say why")
  .max(1000, "reason must be at most 1000 characters");

/** A pipeline name as pipelines files allow it (it becomes part of instance ids). */
export const pipelineName = z.string({ error: "pipeline is required" }).regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be 1-40 lower-case letters, digits or dashes");

export const stageName = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
