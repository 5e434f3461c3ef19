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
  });

const form = z.enum(["reference", "name", "version", "tag", "digest", "registry", "repository"]);
const document = z.union([z.number().int().nonnegative(), z.object({ kind: z.string().optional(), name: z.string().optional() })]);

const target = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("kustomize"),
    entry: z.string().min(1).optional(),
    addIfMissing: z.boolean().optional(),
    keep: z.array(z.enum(["name", "tag", "digest"])).optional(),
  }),
  z.object({
    kind: z.literal("values"),
    document: document.optional(),
    fields: z.array(z.object({ path: z.string().min(1), form })).min(1),
    createMissing: z.boolean().optional(),
  }),
  z.object({ kind: z.literal("flux-setter"), policy: z.string().regex(/^[^:\s]+:[^:\s]+$/, "policy must be namespace:name") }),
  z.object({ kind: z.literal("baton-marker"), slot: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, "slot must be letters, digits, . _ / -") }),
  z.object({ kind: z.literal("helm-release-chart"), document: document.optional() }),
  z.object({ kind: z.literal("oci-repository"), document: document.optional(), field: z.enum(["tag", "semver"]).optional() }),
  z.object({ kind: z.literal("chart-dependency"), name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "name must be a chart name or alias").optional() }),
]);

/**
 * Only a Kustomize edit that keeps its tag or digest may name neither (kustomize's
 * `name=new-name:*` and `name=new-name@*`): without `keep` it would remove both.
 */
function namesOnly(t: z.infer<typeof target>): boolean {
  return t.kind === "kustomize" && (t.keep ?? []).some((k) => k === "tag" || k === "digest");
}

const edit = z
  .object({
    file: z.string().min(1).refine((f) => !f.startsWith("/") && !f.split("/").includes(".."), "file must be relative to the repository root"),
    image,
    target,
  })
  .refine((e) => e.image.tag !== undefined || e.image.digest !== undefined || namesOnly(e.target), { path: ["image"], message: "give a tag, a digest or both" });

/** Parses untrusted input into an ImageEdit, or throws `invalid-edit` naming the field and the fix. */
export function parseImageEdit(input: unknown): ImageEdit {
  const result = edit.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join(".") || "edit"}: ${i.message}`).join("; ");
  throw new GitOpsError("invalid-edit", `Invalid image edit: ${problems}`, { cause: result.error });
}
