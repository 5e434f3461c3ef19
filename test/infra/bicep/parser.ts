/**
 * A parser for the Bicep declarations and expressions Baton's templates use (the grammar of
 * https://learn.microsoft.com/azure/azure-resource-manager/bicep/file): every statement must be one
 * of Bicep's declarations and every expression must parse, or the test fails with file and line.
 * It is not the compiler: types of resource bodies are not checked (docs say so).
 */
import { BicepSyntaxError, lex, type Token } from "./lexer.js";

export type Expr =
  | { t: "str"; parts: (string | Expr)[]; line: number }
  | { t: "num"; value: number; line: number }
  | { t: "lit"; value: boolean | null; line: number }
  | { t: "id"; name: string; line: number }
  | { t: "obj"; props: { key: string; value: Expr; decorators: Decorator[] }[]; line: number }
  | { t: "arr"; items: Expr[]; line: number }
  | { t: "for"; item: string; index?: string; source: Expr; body: Expr; line: number }
  | { t: "call"; callee: Expr; args: Expr[]; line: number }
  | { t: "member"; obj: Expr; name: string; line: number }
  | { t: "index"; obj: Expr; index: Expr; line: number }
  | { t: "unary"; op: string; arg: Expr; line: number }
  | { t: "nonnull"; arg: Expr; line: number }
  | { t: "bin"; op: string; left: Expr; right: Expr; line: number }
  | { t: "cond"; test: Expr; then: Expr; else: Expr; line: number }
  | { t: "lambda"; params: string[]; body: Expr; line: number }
  | { t: "if"; test: Expr; body: Expr; line: number };

export interface Decorator {
  name: string;
  args: Expr[];
}

export type Statement =
  | { kind: "targetScope"; value: Expr; line: number }
  | { kind: "metadata"; name: string; value: Expr; line: number }
  | { kind: "extension"; name: string; line: number }
  | { kind: "import"; line: number }
  | { kind: "param"; name: string; type: string; nullable: boolean; default?: Expr; decorators: Decorator[]; line: number }
  | { kind: "var"; name: string; value: Expr; decorators: Decorator[]; line: number }
  | { kind: "resource"; name: string; type: string; apiVersion: string; existing: boolean; value: Expr; decorators: Decorator[]; line: number }
  | { kind: "module"; name: string; path: string; value: Expr; decorators: Decorator[]; line: number }
  | { kind: "output"; name: string; type: string; value: Expr; decorators: Decorator[]; line: number }
  | { kind: "type"; name: string; line: number };

export interface BicepFile {
  file: string;
  statements: Statement[];
}

const BINARY: Record<string, number> = { "??": 1, "||": 2, "&&": 3, "==": 4, "!=": 4, "=~": 4, "!~": 4, "<": 5, ">": 5, "<=": 5, ">=": 5, "+": 6, "-": 6, "*": 7, "/": 7, "%": 7 };

export function parseBicep(source: string, file: string): BicepFile {
  const toks = lex(source, file);
  const p = new Parser(toks, file);
  return { file, statements: p.program() };
}

class Parser {
  private pos = 0;
  constructor(
    private readonly toks: Token[],
    private readonly file: string,
  ) {}

  program(): Statement[] {
    const out: Statement[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.peek().kind === "eof") return out;
      out.push(this.statement());
      const end = this.peek();
      if (end.kind !== "newline" && end.kind !== "eof") this.fail(end, "expected the end of the statement");
    }
  }

  private statement(): Statement {
    const decorators = this.decorators();
    const kw = this.next();
    if (kw.kind !== "ident") return this.fail(kw, "expected a declaration keyword");
    const line = kw.line;
    switch (kw.value) {
      case "targetScope":
        this.expect("=");
        return { kind: "targetScope", value: this.expr(), line };
      case "metadata": {
        const name = this.ident();
        this.expect("=");
        return { kind: "metadata", name, value: this.expr(), line };
      }
      case "extension": {
        const name = this.peek().kind === "string" ? this.plainString(this.next()) : this.ident();
        this.skipRestOfLine();
        return { kind: "extension", name, line };
      }
      case "import":
      case "func":
        this.skipBalancedLine();
        return { kind: "import", line };
      case "param": {
        const name = this.ident();
        const type = this.typeText();
        const nullable = type.endsWith("?");
        if (this.isPunct("=")) {
          this.next();
          return { kind: "param", name, type, nullable, default: this.expr(), decorators, line };
        }
        return { kind: "param", name, type, nullable, decorators, line };
      }
      case "var": {
        const name = this.ident();
        if (!this.isPunct("=")) this.typeText();
        this.expect("=");
        return { kind: "var", name, value: this.expr(), decorators, line };
      }
      case "resource": {
        const name = this.ident();
        const typeRef = this.plainString(this.next());
        const at = typeRef.lastIndexOf("@");
        if (at < 0) this.fail(kw, `resource ${name}: type '${typeRef}' has no @apiVersion`);
        const existing = this.peek().kind === "ident" && (this.peek() as { value: string }).value === "existing";
        if (existing) this.next();
        this.expect("=");
        return { kind: "resource", name, type: typeRef.slice(0, at), apiVersion: typeRef.slice(at + 1), existing, value: this.bodyValue(), decorators, line };
      }
      case "module": {
        const name = this.ident();
        const path = this.plainString(this.next());
        this.expect("=");
        return { kind: "module", name, path, value: this.bodyValue(), decorators, line };
      }
      case "output": {
        const name = this.ident();
        const type = this.typeText();
        return { kind: "output", name, type, value: (this.next(), this.expr()), decorators, line };
      }
      case "type": {
        const name = this.ident();
        this.expect("=");
        this.skipTypeExpression();
        return { kind: "type", name, line };
      }
      default:
        return this.fail(kw, `unknown declaration '${kw.value}'`);
    }
  }

  /** A resource or module body: an object, `if (cond) {...}` or `[for ...: {...}]`. */
  private bodyValue(): Expr {
    const t = this.peek();
    if (t.kind === "ident" && t.value === "if") {
      this.next();
      this.expect("(");
      const test = this.expr(true);
      this.expect(")");
      const body = this.primary();
      if (body.t !== "obj") this.fail(t, "expected an object after if (...)");
      return { t: "if", test, body, line: t.line };
    }
    const value = this.primary();
    if (value.t !== "obj" && value.t !== "for") this.fail(t, "expected a resource or module body");
    return value;
  }

  private decorators(): Decorator[] {
    const out: Decorator[] = [];
    while (this.isPunct("@")) {
      this.next();
      let name = this.ident();
      while (this.isPunct(".")) {
        this.next();
        name += `.${this.ident()}`;
      }
      const args = this.isPunct("(") ? this.args() : [];
      out.push({ name, args });
      this.skipNewlines();
    }
    return out;
  }

  // --- expressions -----------------------------------------------------------------------------

  /** `inParens`: newlines are allowed anywhere (inside (), [] args and interpolations). */
  expr(inParens = false): Expr {
    const test = this.binary(0, inParens);
    if (this.continues("?", inParens)) {
      this.skipNewlinesIf(true);
      this.next();
      this.skipNewlinesIf(true);
      const then = this.expr(inParens);
      if (!this.continues(":", inParens)) return this.fail(this.peek(), "expected : in a ternary");
      this.skipNewlinesIf(true);
      this.next();
      this.skipNewlinesIf(true);
      return { t: "cond", test, then, else: this.expr(inParens), line: test.line };
    }
    return test;
  }

  private binary(minPrec: number, inParens: boolean): Expr {
    let left = this.unary(inParens);
    for (;;) {
      const save = this.pos;
      this.skipNewlinesIf(inParens || this.nextNonNewlineIsOperator());
      const t = this.peek();
      const prec = t.kind === "punct" ? BINARY[t.value] : undefined;
      if (prec === undefined || prec <= minPrec) {
        this.pos = save;
        return left;
      }
      this.next();
      this.skipNewlines();
      const right = this.binary(prec, inParens);
      left = { t: "bin", op: (t as { value: string }).value, left, right, line: left.line };
    }
  }

  private unary(inParens: boolean): Expr {
    const t = this.peek();
    if (t.kind === "punct" && (t.value === "!" || t.value === "-")) {
      this.next();
      return { t: "unary", op: t.value, arg: this.unary(inParens), line: t.line };
    }
    return this.postfix(this.primary());
  }

  private postfix(base: Expr): Expr {
    let e = base;
    for (;;) {
      const t = this.peek();
      if (t.kind !== "punct") return e;
      if (t.value === "." || t.value === ".?") {
        this.next();
        e = { t: "member", obj: e, name: this.ident(), line: t.line };
      } else if (t.value === "::") {
        this.next();
        e = { t: "member", obj: e, name: this.ident(), line: t.line };
      } else if (t.value === "[" || t.value === "[?") {
        this.next();
        const index = this.expr(true);
        this.expect("]");
        e = { t: "index", obj: e, index, line: t.line };
      } else if (t.value === "(" && (e.t === "member" || e.t === "id")) {
        e = { t: "call", callee: e, args: this.args(), line: t.line };
      } else if (t.value === "!" && !this.isPunctAt(1, "=")) {
        this.next();
        e = { t: "nonnull", arg: e, line: t.line };
      } else {
        return e;
      }
    }
  }

  private primary(): Expr {
    const t = this.next();
    const line = t.line;
    if (t.kind === "string") {
      return { t: "str", parts: t.parts.map((part) => (typeof part === "string" ? part : subParser(part, this.file).wholeExpr())), line };
    }
    if (t.kind === "number") return { t: "num", value: Number(t.value), line };
    if (t.kind === "ident") {
      if (t.value === "true" || t.value === "false") return { t: "lit", value: t.value === "true", line };
      if (t.value === "null") return { t: "lit", value: null, line };
      if (this.isPunct("=>")) {
        this.next();
        this.skipNewlines();
        return { t: "lambda", params: [t.value], body: this.expr(true), line };
      }
      return { t: "id", name: t.value, line };
    }
    if (t.kind !== "punct") return this.fail(t, "expected an expression");
    if (t.value === "(") {
      // A lambda `(a, b) => body` or a parenthesised expression.
      const save = this.pos;
      const names: string[] = [];
      let lambda = false;
      for (;;) {
        const n = this.peek();
        if (n.kind === "ident") {
          names.push(n.value);
          this.next();
          if (this.isPunct(",")) {
            this.next();
            continue;
          }
        }
        if (this.isPunct(")") && this.isPunctAt(1, "=>")) {
          this.next();
          this.next();
          lambda = true;
        }
        break;
      }
      if (lambda) {
        this.skipNewlines();
        return { t: "lambda", params: names, body: this.expr(true), line };
      }
      this.pos = save;
      this.skipNewlines();
      const inner = this.expr(true);
      this.skipNewlines();
      this.expect(")");
      return inner;
    }
    if (t.value === "{") return this.object(line);
    if (t.value === "[") return this.array(line);
    return this.fail(t, `unexpected '${t.value}'`);
  }

  private object(line: number): Expr {
    const props: { key: string; value: Expr; decorators: Decorator[] }[] = [];
    for (;;) {
      this.skipSeparators();
      if (this.isPunct("}")) {
        this.next();
        return { t: "obj", props, line };
      }
      const decorators = this.decorators();
      if (this.isPunct("...")) {
        this.next();
        props.push({ key: "...", value: this.expr(true), decorators });
        continue;
      }
      const kw = this.peek();
      if (kw.kind === "ident" && kw.value === "resource" && this.toks[this.pos + 1]?.kind === "ident") {
        // A nested resource declaration inside a resource body.
        this.next();
        const name = this.ident();
        this.plainString(this.next());
        if (this.peek().kind === "ident") this.next(); // existing
        this.expect("=");
        props.push({ key: `resource ${name}`, value: this.bodyValue(), decorators });
        continue;
      }
      const k = this.next();
      let key: string;
      if (k.kind === "ident") key = k.value;
      else if (k.kind === "string") key = k.parts.map((part) => (typeof part === "string" ? part : "${}")).join("");
      else if (k.kind === "punct" && k.value === "*") key = "*";
      else return this.fail(k, "expected a property name");
      this.expect(":");
      props.push({ key, value: this.expr(), decorators });
      const end = this.peek();
      if (!(end.kind === "newline" || (end.kind === "punct" && (end.value === "," || end.value === "}")))) this.fail(end, `expected a new line after property '${key}'`);
    }
  }

  private array(line: number): Expr {
    this.skipNewlines();
    const first = this.peek();
    if (first.kind === "ident" && first.value === "for") {
      this.next();
      let item: string;
      let index: string | undefined;
      if (this.isPunct("(")) {
        this.next();
        item = this.ident();
        this.expect(",");
        index = this.ident();
        this.expect(")");
      } else {
        item = this.ident();
      }
      const inKw = this.next();
      if (inKw.kind !== "ident" || inKw.value !== "in") this.fail(inKw, "expected 'in' in a for expression");
      const source = this.expr(true);
      this.expect(":");
      this.skipNewlines();
      const body = this.peek().kind === "ident" && (this.peek() as { value: string }).value === "if" ? this.bodyValue() : this.expr(true);
      this.skipNewlines();
      this.expect("]");
      return { t: "for", item, ...(index ? { index } : {}), source, body, line };
    }
    const items: Expr[] = [];
    for (;;) {
      this.skipSeparators();
      if (this.isPunct("]")) {
        this.next();
        return { t: "arr", items, line };
      }
      if (this.isPunct("...")) this.next();
      items.push(this.expr());
      const end = this.peek();
      if (!(end.kind === "newline" || (end.kind === "punct" && (end.value === "," || end.value === "]")))) this.fail(end, "expected a new line after an array item");
    }
  }

  private args(): Expr[] {
    this.expect("(");
    const out: Expr[] = [];
    this.skipNewlines();
    while (!this.isPunct(")")) {
      out.push(this.expr(true));
      this.skipNewlines();
      if (this.isPunct(",")) {
        this.next();
        this.skipNewlines();
      } else if (!this.isPunct(")")) {
        this.fail(this.peek(), "expected , or ) in arguments");
      }
    }
    this.next();
    return out;
  }

  wholeExpr(): Expr {
    const e = this.expr(true);
    this.skipNewlines();
    if (this.peek().kind !== "eof") this.fail(this.peek(), "unexpected text in ${}");
    return e;
  }

  // --- types (kept as text) --------------------------------------------------------------------

  private typeText(): string {
    let text = "";
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === "eof") break;
      if (depth === 0 && (t.kind === "newline" || (t.kind === "punct" && t.value === "="))) break;
      this.next();
      if (t.kind === "punct" && (t.value === "<" || t.value === "{" || t.value === "[" || t.value === "(")) depth++;
      if (t.kind === "punct" && (t.value === ">" || t.value === "}" || t.value === "]" || t.value === ")")) depth--;
      text += t.kind === "ident" || t.kind === "number" ? t.value : t.kind === "punct" ? t.value : t.kind === "string" ? `'${typeof t.parts[0] === "string" ? t.parts[0] : "${}"}'` : "";
    }
    if (!text) this.fail(this.peek(), "expected a type");
    return text;
  }

  private skipTypeExpression(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === "eof") return;
      if (depth === 0 && t.kind === "newline") {
        const after = this.toks.slice(this.pos).find((x) => x.kind !== "newline");
        if (!(after?.kind === "punct" && after.value === "|")) return;
      }
      this.next();
      if (t.kind === "punct" && "{[(".includes(t.value)) depth++;
      if (t.kind === "punct" && "}])".includes(t.value)) depth--;
    }
  }

  // --- token helpers ---------------------------------------------------------------------------

  private peek(): Token {
    return this.toks[this.pos] ?? { kind: "eof", line: 0 };
  }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.pos++;
    return t;
  }
  private isPunct(value: string): boolean {
    const t = this.peek();
    return t.kind === "punct" && t.value === value;
  }
  private isPunctAt(offset: number, value: string): boolean {
    const t = this.toks[this.pos + offset];
    return t?.kind === "punct" && t.value === value;
  }
  private expect(value: string): void {
    const t = this.next();
    if (!(t.kind === "punct" && t.value === value)) this.fail(t, `expected '${value}'`);
  }
  private ident(): string {
    const t = this.next();
    if (t.kind !== "ident") return this.fail(t, "expected a name");
    return t.value;
  }
  private plainString(t: Token): string {
    if (t.kind !== "string" || t.parts.length !== 1 || typeof t.parts[0] !== "string") return this.fail(t, "expected a plain string");
    return t.parts[0];
  }
  private skipNewlines(): void {
    while (this.peek().kind === "newline") this.pos++;
  }
  private skipNewlinesIf(yes: boolean): void {
    if (yes) this.skipNewlines();
  }
  private skipSeparators(): void {
    while (this.peek().kind === "newline" || this.isPunct(",")) this.pos++;
  }
  private skipBalancedLine(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === "eof" || (t.kind === "newline" && depth === 0)) return;
      if (t.kind === "punct" && "{[(".includes(t.value)) depth++;
      if (t.kind === "punct" && "}])".includes(t.value)) depth--;
      this.next();
    }
  }
  private skipRestOfLine(): void {
    while (this.peek().kind !== "newline" && this.peek().kind !== "eof") this.pos++;
  }
  /**
   * Whether the expression continues with `op`, on this line or at the start of a following one
   * (Bicep allows a ternary's `?` and `:` to begin a line, as the AVM modules write them).
   */
  private continues(op: string, _inParens: boolean): boolean {
    let k = this.pos;
    while (this.toks[k]?.kind === "newline") k++;
    const t = this.toks[k];
    return t?.kind === "punct" && t.value === op;
  }
  private nextNonNewlineIsOperator(): boolean {
    let k = this.pos;
    while (this.toks[k]?.kind === "newline") k++;
    const t = this.toks[k];
    return t?.kind === "punct" && BINARY[t.value] !== undefined && t.value !== "-";
  }
  private fail(t: Token, message: string): never {
    throw new BicepSyntaxError(this.file, t.line, message);
  }
}

function subParser(tokens: Token[], file: string): Parser {
  return new Parser([...tokens, { kind: "eof", line: tokens[0]?.line ?? 0 }], file);
}
