import { z } from "zod";
import { GitOpsError } from "./errors.js";
import type { ImageEdit } from "./edit.js";
import { isValidDigest, isValidImageName, isValidTag } from "./imageRef.js";

// Validation at the door (style.md point 5): configuration and CLI input become typed edits here.
const image = z
  .object({
    name: z.string().refine(isValidImageName, "image name must look like registry/path/name"),
    tag: z.string().refine(isValidTag, "tag must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}").optional(),
    digest: z.string().refine(isValidDigest, "digest must look like sha256:<hex>").optional(),
  })
  .refine((i) => i.tag !== undefined || i.digest !== undefined, "give a tag, a digest or both");

const form = z.enum(["reference", "name", "version", "tag", "digest"]);
const document = z.union([z.number().int().nonnegative(), z.object({ kind: z.string().optional(), name: z.string().optional() })]);

const target = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("kustomize"), entry: z.string().min(1).optional(), addIfMissing: z.boolean().optional() }),
  z.object({
    kind: z.literal("values"),
    document: document.optional(),
    fields: z.array(z.object({ path: z.string().min(1), form })).min(1),
  }),
  z.object({ kind: z.literal("flux-setter"), policy: z.string().regex(/^[^:\s]+:[^:\s]+$/, "policy must be namespace:name") }),
  z.object({ kind: z.literal("baton-marker"), slot: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, "slot must be letters, digits, . _ / -") }),
]);

const edit = z.object({
  file: z.string().min(1).refine((f) => !f.startsWith("/") && !f.split("/").includes(".."), "file must be relative to the repository root"),
  image,
  target,
});

/** Parses untrusted input into an ImageEdit, or throws `invalid-edit` naming the field and the fix. */
export function parseImageEdit(input: unknown): ImageEdit {
  const result = edit.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join(".") || "edit"}: ${i.message}`).join("; ");
  throw new GitOpsError("invalid-edit", `Invalid image edit: ${problems}`, { cause: result.error });
}
