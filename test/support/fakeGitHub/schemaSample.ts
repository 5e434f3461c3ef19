// Builds the smallest object GitHub's schema accepts (required fields only), so the fake can
// answer with complete resources (a pull request has ~100 required fields) and override what matters.
type Schema = Record<string, unknown>;

export function sampleFor(root: Schema, schema: unknown, depth = 0): unknown {
  const s = resolve(root, schema);
  if (depth > 12) return null;
  if (Array.isArray(s.allOf)) return Object.assign({}, ...(s.allOf as unknown[]).map((part) => sampleFor(root, part, depth + 1) as object));
  const alternatives: unknown[] | undefined = Array.isArray(s.oneOf) ? (s.oneOf as unknown[]) : Array.isArray(s.anyOf) ? (s.anyOf as unknown[]) : undefined;
  const choice = alternatives?.[0];
  if (choice !== undefined) return sampleFor(root, choice, depth + 1);
  if (s.nullable === true && depth > 0) return null; // the top level is the resource asked for
  if (Array.isArray(s.enum)) return (s.enum as unknown[])[0];
  switch (s.type) {
    case "object": {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const required = (s.required ?? []) as string[];
      return Object.fromEntries(required.map((key) => [key, sampleFor(root, props[key] ?? {}, depth + 1)]));
    }
    case "array":
      return [];
    case "integer":
    case "number":
      return 1;
    case "boolean":
      return false;
    case "string":
      return stringFor(s.format);
    default:
      return null;
  }
}

function stringFor(format: unknown): string {
  switch (format) {
    case "date-time":
      return "2025-01-01T00:00:00Z";
    case "uri":
      return "https://github.example.test/";
    case "email":
      return "user@example.test";
    default:
      return "x";
  }
}

function resolve(root: Schema, schema: unknown): Schema {
  let s = (schema ?? {}) as Schema;
  while (typeof s.$ref === "string") {
    s = s.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((node, key) => (node as Schema)[key.replaceAll("~1", "/").replaceAll("~0", "~")], root) as Schema;
  }
  return s;
}
