/**
 * Evaluates Bicep expressions the way ARM would for the parts a test needs (app settings and
 * module parameters): parameters and variables, string interpolation, ternaries, comparisons and
 * the few functions the templates call. What only Azure knows (resource properties, module
 * outputs) is an Unknown carrying its path, e.g. `storageAccount.properties.primaryEndpoints.blob`,
 * which a test either supplies (`known`) or sees in the result.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { BicepFile, Expr } from "./parser.js";

export class Unknown {
  constructor(readonly path: string) {}
  toString(): string {
    return `<${this.path}>`;
  }
}

export type Value = string | number | boolean | null | Unknown | Value[] | { [key: string]: Value } | ((...args: Value[]) => Value);

export interface Context {
  file: BicepFile;
  params: Record<string, Value>;
  /** Values for paths only Azure knows, e.g. "keyVault.outputs.uri". */
  known: Record<string, Value>;
}

export function evaluateVar(ctx: Context, name: string): Value {
  return new Evaluator(ctx).variable(name);
}

/** The `params` object a module declaration passes (the first module of that name). */
export function moduleParams(ctx: Context, moduleName: string): Record<string, Value> {
  const mod = ctx.file.statements.find((s) => s.kind === "module" && s.name === moduleName);
  if (!mod || mod.kind !== "module") throw new Error(`${ctx.file.file}: no module ${moduleName}`);
  const body = mod.value.t === "if" ? mod.value.body : mod.value;
  if (body.t !== "obj") throw new Error(`${ctx.file.file}: module ${moduleName} is not a plain object`);
  const params = body.props.find((p) => p.key === "params");
  if (!params) return {};
  const value = new Evaluator(ctx).eval(params.value, new Map());
  if (!isRecord(value)) throw new Error(`${ctx.file.file}: module ${moduleName} params are not an object`);
  return value;
}

export function isRecord(v: Value): v is { [key: string]: Value } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Unknown);
}

class Evaluator {
  private readonly vars = new Map<string, Value>();
  constructor(private readonly ctx: Context) {}

  variable(name: string): Value {
    if (this.vars.has(name)) return this.vars.get(name) as Value;
    const decl = this.ctx.file.statements.find((s) => (s.kind === "var" || s.kind === "param" || s.kind === "resource" || s.kind === "module") && s.name === name);
    if (!decl) throw new Error(`${this.ctx.file.file}: '${name}' is not declared`);
    let value: Value;
    if (decl.kind === "var") value = this.eval(decl.value, new Map());
    else if (decl.kind === "param") {
      if (name in this.ctx.params) value = this.ctx.params[name] as Value;
      else if (decl.default) value = this.eval(decl.default, new Map());
      else throw new Error(`${this.ctx.file.file}: parameter ${name} has no value and no default`);
    } else value = new Unknown(name);
    this.vars.set(name, value);
    return value;
  }

  eval(e: Expr, locals: Map<string, Value>): Value {
    switch (e.t) {
      case "str":
        return e.parts.map((p) => (typeof p === "string" ? p : text(this.eval(p, locals)))).join("");
      case "num":
        return e.value;
      case "lit":
        return e.value;
      case "id":
        if (locals.has(e.name)) return locals.get(e.name) as Value;
        return this.variable(e.name);
      case "obj": {
        const out: { [key: string]: Value } = {};
        for (const p of e.props) {
          const v = this.eval(p.value, locals);
          if (p.key === "...") Object.assign(out, isRecord(v) ? v : {});
          else out[p.key] = v;
        }
        return out;
      }
      case "arr":
        return e.items.map((i) => this.eval(i, locals));
      case "for": {
        const source = this.eval(e.source, locals);
        if (!Array.isArray(source)) return new Unknown(`for(${text(source)})`);
        return source.map((item, i) => this.eval(e.body, new Map([...locals, [e.item, item], ...(e.index ? [[e.index, i] as [string, Value]] : [])])));
      }
      case "member": {
        const obj = this.eval(e.obj, locals);
        return this.member(obj, e.name);
      }
      case "index": {
        const obj = this.eval(e.obj, locals);
        const index = this.eval(e.index, locals);
        if (Array.isArray(obj) && typeof index === "number") return obj[index] ?? null;
        if (isRecord(obj) && typeof index === "string") return obj[index] ?? null;
        return this.member(obj, `[${text(index)}]`);
      }
      case "nonnull":
        return this.eval(e.arg, locals);
      case "unary": {
        const v = this.eval(e.arg, locals);
        if (v instanceof Unknown) return new Unknown(`${e.op}${v.path}`);
        return e.op === "!" ? !truthy(v) : -Number(v);
      }
      case "bin":
        return this.binary(e.op, this.eval(e.left, locals), () => this.eval(e.right, locals));
      case "cond": {
        const test = this.eval(e.test, locals);
        if (test instanceof Unknown) throw new Error(`${this.ctx.file.file}:${e.line}: condition depends on ${test.path}, which only Azure knows`);
        return truthy(test) ? this.eval(e.then, locals) : this.eval(e.else, locals);
      }
      case "call":
        return this.call(e, locals);
      case "lambda":
        return (...args: Value[]) => this.eval(e.body, new Map([...locals, ...e.params.map((p, i) => [p, args[i] ?? null] as [string, Value])]));
      case "if":
        return this.eval(e.body, locals);
    }
  }

  private member(obj: Value, name: string): Value {
    if (obj instanceof Unknown) {
      const path = `${obj.path}.${name}`;
      return path in this.ctx.known ? (this.ctx.known[path] as Value) : new Unknown(path);
    }
    if (isRecord(obj)) return obj[name] ?? null;
    return null;
  }

  private binary(op: string, left: Value, right: () => Value): Value {
    if (op === "&&") return truthy(left) ? right() : false;
    if (op === "||") return truthy(left) ? true : right();
    if (op === "??") return left === null ? right() : left;
    const r = right();
    if (left instanceof Unknown || r instanceof Unknown) {
      if (op === "==" || op === "!=") throw new Error(`${this.ctx.file.file}: comparison with ${text(left instanceof Unknown ? left : r)}, which only Azure knows`);
      return new Unknown(`(${text(left)} ${op} ${text(r)})`);
    }
    switch (op) {
      case "==":
        return JSON.stringify(left) === JSON.stringify(r);
      case "!=":
        return JSON.stringify(left) !== JSON.stringify(r);
      case "=~":
        return text(left).toLowerCase() === text(r).toLowerCase();
      case "<":
        return Number(left) < Number(r);
      case ">":
        return Number(left) > Number(r);
      case "<=":
        return Number(left) <= Number(r);
      case ">=":
        return Number(left) >= Number(r);
      case "+":
        return Number(left) + Number(r);
      case "-":
        return Number(left) - Number(r);
      case "*":
        return Number(left) * Number(r);
      default:
        throw new Error(`operator ${op} is not supported here`);
    }
  }

  private call(e: Extract<Expr, { t: "call" }>, locals: Map<string, Value>): Value {
    const name = e.callee.t === "id" ? e.callee.name : e.callee.t === "member" && e.callee.obj.t === "id" && (e.callee.obj.name === "az" || e.callee.obj.name === "sys") ? e.callee.name : undefined;
    const args = e.args.map((a) => this.eval(a, locals));
    if (name === undefined) return new Unknown(`call@${e.line}`);
    const s = (i: number) => text(args[i] ?? "");
    switch (name) {
      case "empty": {
        const v = args[0] ?? null;
        if (v instanceof Unknown) throw new Error(`${this.ctx.file.file}:${e.line}: empty() of ${v.path}, which only Azure knows`);
        return v === null || v === "" || (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0);
      }
      case "union":
        if (args.every(isRecord)) return args.reduce<{ [key: string]: Value }>((all, a) => ({ ...all, ...a }), {});
        return args.flatMap((a) => (Array.isArray(a) ? a : []));
      case "contains": {
        const [c, x] = args;
        if (typeof c === "string") return c.includes(text(x ?? ""));
        if (Array.isArray(c)) return c.some((i) => JSON.stringify(i) === JSON.stringify(x));
        return isRecord(c ?? null) ? text(x ?? "") in (c as object) : false;
      }
      case "toLower":
        return s(0).toLowerCase();
      case "toUpper":
        return s(0).toUpperCase();
      case "take":
        return Array.isArray(args[0]) ? args[0].slice(0, Number(args[1])) : s(0).slice(0, Number(args[1]));
      case "last":
        return Array.isArray(args[0]) ? (args[0].at(-1) ?? null) : s(0).slice(-1);
      case "split":
        return s(0).split(s(1));
      case "replace":
        return s(0).split(s(1)).join(s(2));
      case "uriComponent":
        return encodeURIComponent(s(0));
      case "string":
        return typeof args[0] === "string" ? args[0] : JSON.stringify(args[0]);
      case "concat":
        return args.every((a) => Array.isArray(a)) ? args.flat() : args.map(text).join("");
      case "length":
        return Array.isArray(args[0]) ? args[0].length : isRecord(args[0] ?? null) ? Object.keys(args[0] as object).length : s(0).length;
      case "guid":
        return `guid(${args.map(text).join(",")})`;
      case "uniqueString":
        // ARM's is a 13-character base-32 hash of its arguments; any stable one will do here.
        return createHash("sha256").update(args.map(text).join("|")).digest("hex").slice(0, 13);
      case "subscriptionResourceId":
      case "resourceId":
        return `/${args.map(text).join("/")}`;
      case "loadJsonContent":
        return parseJson(readFileSync(join(dirname(this.ctx.file.file), s(0)), "utf8"));
      case "tenant":
      case "subscription":
      case "deployer":
      case "resourceGroup":
      case "deployment":
      case "environment":
        return new Unknown(`${name}()`);
      default:
        return new Unknown(`${name}(${args.map(text).join(",")})`);
    }
  }
}

function truthy(v: Value): boolean {
  return v !== false && v !== null && v !== "" && v !== 0;
}

function parseJson(source: string): Value {
  return JSON.parse(source) as Value;
}

/** A value as text: strings as they are, Unknowns as <path>, the rest as JSON. */
export function text(v: Value): string {
  if (v instanceof Unknown) return v.toString();
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}
