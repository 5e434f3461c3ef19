// Regenerates docs/pipelines.schema.json from the loader's zod schema:
//   npx tsx test/pipelines/writeSchema.ts
// test/pipelines/jsonSchema.test.ts fails while the committed file differs from this output.
import { writeFileSync } from "node:fs";
import { pipelinesJsonSchema } from "../../shared/pipelines/config/jsonSchema.js";

export const SCHEMA_PATH = "docs/pipelines.schema.json";

export function schemaText(): string {
  return `${JSON.stringify(pipelinesJsonSchema(), null, 2)}\n`;
}

if (process.argv[1]?.endsWith("writeSchema.ts")) {
  writeFileSync(SCHEMA_PATH, schemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
