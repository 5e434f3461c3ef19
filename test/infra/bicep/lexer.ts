/**
 * A lexer for the Bicep language, enough to hold Baton's templates to the language's grammar
 * without the Bicep compiler (which no registry reachable here ships): comments, single-quoted
 * strings with escapes and `${}` interpolation, multi-line `'''` strings, identifiers, numbers,
 * operators and significant newlines. Anything else is an error with its line.
 */
export type Token =
  | { kind: "ident"; value: string; line: number }
  | { kind: "number"; value: string; line: number }
  | { kind: "punct"; value: string; line: number }
  | { kind: "newline"; line: number }
  | { kind: "string"; parts: (string | Token[])[]; line: number }
  | { kind: "eof"; line: number };

export class BicepSyntaxError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = "BicepSyntaxError";
  }
}

const PUNCT = ["...", "==", "!=", "=~", "!~", "<=", ">=", "&&", "||", "??", "=>", ".?", "[?", "::", "{", "}", "[", "]", "(", ")", ":", ",", ".", "?", "!", "=", "<", ">", "+", "-", "*", "/", "%", "@", "|"];
const ESCAPES: Record<string, string> = { "'": "'", "\\": "\\", n: "\n", r: "\r", t: "\t", $: "$" };

export function lex(source: string, file: string): Token[] {
  let i = 0;
  let line = 1;

  const tokens = (stopAtBrace: boolean): Token[] => {
    const out: Token[] = [];
    let depth = 0;
    while (i < source.length) {
      const c = source[i] ?? "";
      if (c === "\n") {
        out.push({ kind: "newline", line });
        line++;
        i++;
      } else if (c === " " || c === "\t" || c === "\r") {
        i++;
      } else if (source.startsWith("//", i) || source.startsWith("#disable-", i)) {
        // Comments, and the linter pragmas #disable-next-line / #disable-diagnostics.
        while (i < source.length && source[i] !== "\n") i++;
      } else if (source.startsWith("/*", i)) {
        const end = source.indexOf("*/", i + 2);
        if (end < 0) throw new BicepSyntaxError(file, line, "unterminated /* comment");
        line += countLines(source.slice(i, end));
        i = end + 2;
      } else if (source.startsWith("'''", i)) {
        const end = source.indexOf("'''", i + 3);
        if (end < 0) throw new BicepSyntaxError(file, line, "unterminated ''' string");
        const text = source.slice(i + 3, end);
        out.push({ kind: "string", parts: [text.replace(/^\r?\n/, "")], line });
        line += countLines(text);
        i = end + 3;
      } else if (c === "'") {
        out.push(stringToken());
      } else if (/[A-Za-z_]/.test(c)) {
        const start = i;
        while (i < source.length && /[A-Za-z0-9_]/.test(source[i] ?? "")) i++;
        out.push({ kind: "ident", value: source.slice(start, i), line });
      } else if (/[0-9]/.test(c)) {
        const start = i;
        while (i < source.length && /[0-9]/.test(source[i] ?? "")) i++;
        out.push({ kind: "number", value: source.slice(start, i), line });
      } else {
        const p = PUNCT.find((x) => source.startsWith(x, i));
        if (!p) throw new BicepSyntaxError(file, line, `unexpected character ${JSON.stringify(c)}`);
        if (stopAtBrace && p === "}" && depth === 0) {
          i++;
          return out;
        }
        if (p === "{") depth++;
        if (p === "}") depth--;
        out.push({ kind: "punct", value: p, line });
        i += p.length;
      }
    }
    if (stopAtBrace) throw new BicepSyntaxError(file, line, "unterminated ${ interpolation");
    return out;
  };

  const stringToken = (): Token => {
    const startLine = line;
    i++; // opening quote
    const parts: (string | Token[])[] = [];
    let text = "";
    for (;;) {
      const c = source[i];
      if (c === undefined || c === "\n") throw new BicepSyntaxError(file, startLine, "unterminated string");
      if (c === "'") {
        i++;
        break;
      }
      if (c === "\\") {
        const next = source[i + 1] ?? "";
        if (next === "u" && source[i + 2] === "{") {
          const end = source.indexOf("}", i + 3);
          text += String.fromCodePoint(parseInt(source.slice(i + 3, end), 16));
          i = end + 1;
          continue;
        }
        const escaped = ESCAPES[next];
        if (escaped === undefined) throw new BicepSyntaxError(file, line, `invalid escape \\${next}`);
        text += escaped;
        i += 2;
        continue;
      }
      if (c === "$" && source[i + 1] === "{") {
        if (text) parts.push(text);
        text = "";
        i += 2;
        const inner = tokens(true);
        if (inner.length === 0) throw new BicepSyntaxError(file, line, "empty ${} interpolation");
        parts.push(inner);
        continue;
      }
      text += c;
      i++;
    }
    if (text || parts.length === 0) parts.push(text);
    return { kind: "string", parts, line: startLine };
  };

  const all = tokens(false);
  all.push({ kind: "eof", line });
  return all;
}

function countLines(text: string): number {
  return text.split("\n").length - 1;
}
