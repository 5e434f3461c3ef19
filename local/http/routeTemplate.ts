/**
 * ASP.NET-style route templates as Functions HTTP triggers use them: literal segments,
 * `{name}`, `{name?}`, `{name:constraint}` (int, long, bool, alpha, guid, double, decimal,
 * float, datetime) and a trailing catch-all `{*rest}`. Literals match case-insensitively.
 */
export interface RouteTemplate {
  text: string;
  segments: Segment[];
  /** Higher wins when two templates match (literals beat parameters beat catch-alls). */
  precedence: number;
}

type Segment =
  | { kind: "literal"; value: string }
  | { kind: "param"; name: string; optional: boolean; constraint: string | undefined }
  | { kind: "catchAll"; name: string };

const CONSTRAINTS: Record<string, (v: string) => boolean> = {
  int: (v) => /^-?\d+$/.test(v) && Math.abs(Number(v)) <= 2147483648,
  long: (v) => /^-?\d+$/.test(v),
  bool: (v) => /^(true|false)$/i.test(v),
  alpha: (v) => /^[a-z]+$/i.test(v),
  guid: (v) => /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i.test(v),
  double: (v) => v.trim() !== "" && !Number.isNaN(Number(v)),
  decimal: (v) => v.trim() !== "" && !Number.isNaN(Number(v)),
  float: (v) => v.trim() !== "" && !Number.isNaN(Number(v)),
  datetime: (v) => !Number.isNaN(Date.parse(v)),
};

export function parseRouteTemplate(text: string): RouteTemplate {
  const segments: Segment[] = text
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => {
      const m = /^\{(\*{1,2})?([A-Za-z_][\w]*)(?::([A-Za-z]+)(?:\([^)]*\))?)?(\?)?\}$/.exec(s);
      if (!m) return { kind: "literal", value: s.toLowerCase() };
      if (m[1]) return { kind: "catchAll", name: m[2] ?? "" };
      return { kind: "param", name: m[2] ?? "", optional: Boolean(m[4]), constraint: m[3]?.toLowerCase() };
    });
  let precedence = 0;
  for (const seg of segments) {
    precedence = precedence * 10 + (seg.kind === "literal" ? 4 : seg.kind === "param" ? (seg.constraint ? 3 : seg.optional ? 1 : 2) : 0);
  }
  return { text, segments, precedence };
}

/** Route parameters when `path` (already without the route prefix) matches, else undefined. */
export function matchRoute(template: RouteTemplate, path: string): Record<string, string> | undefined {
  const parts = path.split("/").filter((s) => s.length > 0);
  const params: Record<string, string> = {};
  let i = 0;
  for (const seg of template.segments) {
    if (seg.kind === "catchAll") {
      if (i < parts.length) params[seg.name] = parts.slice(i).map(safeDecode).join("/");
      return params;
    }
    const part = parts[i];
    if (part === undefined) {
      if (seg.kind === "param" && seg.optional) continue;
      return undefined;
    }
    const value = safeDecode(part);
    if (seg.kind === "literal") {
      if (value.toLowerCase() !== seg.value) return undefined;
    } else {
      const check = seg.constraint ? CONSTRAINTS[seg.constraint] : undefined;
      if (check && !check(value)) return undefined;
      params[seg.name] = value;
    }
    i++;
  }
  return i === parts.length ? params : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
