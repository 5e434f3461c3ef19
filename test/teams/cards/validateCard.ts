/**
 * Checks a card against the Adaptive Card 1.5 subset schema beside this file. No npm package
 * ships the official 1.5 `adaptive-card.json` (adaptivecards 3.0.6 has none; adaptivecards-designer
 * 2.4.4 embeds a pre-1.2 one), so the schema is written from the documentation.
 */
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";

const schema = JSON.parse(readFileSync(new URL("./adaptiveCard1.5.schema.json", import.meta.url), "utf8")) as object;

// ajv-formats is CommonJS whose default export TypeScript sees one level down under NodeNext.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => void;

export function cardValidator(): (card: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (card) => (validate(card) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`));
}
