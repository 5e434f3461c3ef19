import { z } from "zod";
import { pipelinesFileSchema } from "./fileSchema.js";

/**
 * The JSON Schema editors validate pipelines files with (docs/pipelines.schema.json), generated
 * from the loader's own zod schema. Draft 7: the draft YAML language servers support best.
 * Cross-field rules (unique names, quorum, completeness after templates) are the loader's alone.
 */
export function pipelinesJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(pipelinesFileSchema, { io: "input", target: "draft-7" });
  return { ...schema, $id: "https://baton.dev/schemas/pipelines.schema.json" };
}
