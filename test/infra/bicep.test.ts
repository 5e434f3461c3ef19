// What the Bicep compiler would catch first, checked without it (no registry here ships it):
// every template parses, every name it uses is declared, every module call passes exactly the
// parameters the module declares (local files, and the pinned AVM versions' parameter lists from
// the registry repository), every module output used exists, and every resource type@apiVersion
// is one seen in published templates or the REST API specs. Not checked: resource body
// properties against the resource types (docs/azure.md says so).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BicepFile, Expr, Statement } from "./bicep/parser.js";
import { bicepFiles, infraDir, relativeName, repoRoot } from "./templates.js";

const AVM = JSON.parse(readFileSync(join(repoRoot, "test/infra/fixtures/avmModules.json"), "utf8")) as { modules: Record<string, { version: string; required: string[]; optional: string[]; outputs: string[] }> };
const API_VERSIONS = JSON.parse(readFileSync(join(repoRoot, "test/infra/fixtures/apiVersions.json"), "utf8")) as { versions: Record<string, string> };

// Bicep's functions the templates may call (https://learn.microsoft.com/azure/azure-resource-manager/bicep/bicep-functions).
const FUNCTIONS = new Set(["contains", "deployer", "empty", "environment", "guid", "last", "loadJsonContent", "resourceGroup", "split", "subscription", "subscriptionResourceId", "take", "tenant", "toLower", "union", "uniqueString", "uriComponent", "resourceId", "concat", "length", "string", "replace", "first", "toUpper", "map", "filter"]);
const DECORATORS = new Set(["description", "allowed", "minLength", "maxLength", "minValue", "maxValue", "metadata", "secure", "batchSize", "sealed", "export"]);

type Module = Extract<Statement, { kind: "module" }>;

function declaredNames(file: BicepFile): Map<string, Statement> {
  const names = new Map<string, Statement>();
  for (const s of file.statements) {
    if ("name" in s && s.kind !== "output" && s.kind !== "metadata" && s.kind !== "extension") {
      if (names.has(s.name)) throw new Error(`${relativeName(file)}:${s.line}: ${s.name} is declared twice`);
      names.set(s.name, s);
    }
  }
  return names;
}

/** Every identifier an expression reads that is not declared (in the file or a loop or lambda). */
function undeclared(e: Expr, declared: Map<string, Statement>, locals: Set<string>, out: string[]): void {
  const walk = (x: Expr, l: Set<string>) => undeclared(x, declared, l, out);
  switch (e.t) {
    case "id":
      if (!declared.has(e.name) && !locals.has(e.name)) out.push(`${e.name} (line ${e.line})`);
      return;
    case "str":
      for (const p of e.parts) if (typeof p !== "string") walk(p, locals);
      return;
    case "obj":
      for (const p of e.props) walk(p.value, locals);
      return;
    case "arr":
      for (const i of e.items) walk(i, locals);
      return;
    case "for": {
      walk(e.source, locals);
      walk(e.body, new Set([...locals, e.item, ...(e.index ? [e.index] : [])]));
      return;
    }
    case "call":
      if (e.callee.t === "id") {
        if (!FUNCTIONS.has(e.callee.name)) out.push(`${e.callee.name}() (line ${e.line}): not a Bicep function this checker knows`);
      } else walk(e.callee, locals);
      for (const a of e.args) walk(a, locals);
      return;
    case "member":
      walk(e.obj, locals);
      return;
    case "index":
      walk(e.obj, locals);
      walk(e.index, locals);
      return;
    case "unary":
    case "nonnull":
      walk(e.arg, locals);
      return;
    case "bin":
      walk(e.left, locals);
      walk(e.right, locals);
      return;
    case "cond":
      walk(e.test, locals);
      walk(e.then, locals);
      walk(e.else, locals);
      return;
    case "lambda":
      walk(e.body, new Set([...locals, ...e.params]));
      return;
    case "if":
      walk(e.test, locals);
      walk(e.body, locals);
      return;
    case "num":
    case "lit":
      return;
  }
}

function expressionsOf(s: Statement): Expr[] {
  const fromDecorators = "decorators" in s ? s.decorators.flatMap((d) => d.args) : [];
  switch (s.kind) {
    case "param":
      return [...fromDecorators, ...(s.default ? [s.default] : [])];
    case "var":
    case "resource":
    case "module":
    case "output":
    case "targetScope":
      return [...fromDecorators, s.value];
    default:
      return fromDecorators;
  }
}

/** The object a module is called with (through `if` and `for`). */
function moduleBody(m: Module): Extract<Expr, { t: "obj" }> {
  let body = m.value;
  if (body.t === "for") body = body.body;
  if (body.t === "if") body = body.body;
  if (body.t !== "obj") throw new Error(`module ${m.name}: body is not an object`);
  return body;
}

function moduleTarget(file: BicepFile, m: Module): { params: { name: string; required: boolean }[]; outputs: string[] } {
  const registry = /^br\/public:(avm\/res\/[a-z0-9/-]+):(\d+\.\d+\.\d+)$/.exec(m.path);
  if (registry) {
    const known = AVM.modules[registry[1] ?? ""];
    if (!known) throw new Error(`${relativeName(file)}: module ${m.name}: ${registry[1]} is not in test/infra/fixtures/avmModules.json`);
    if (known.version !== registry[2]) throw new Error(`${relativeName(file)}: module ${m.name}: version ${registry[2]}, the fixture holds ${known.version}`);
    return { params: [...known.required.map((name) => ({ name, required: true })), ...known.optional.map((name) => ({ name, required: false }))], outputs: known.outputs };
  }
  const path = join(dirname(file.file), m.path);
  if (!existsSync(path)) throw new Error(`${relativeName(file)}: module ${m.name}: ${m.path} does not exist`);
  const target = bicepFiles().find((f) => f.file === path);
  if (!target) throw new Error(`${m.path} is not under infra/`);
  return {
    params: target.statements.flatMap((s) => (s.kind === "param" ? [{ name: s.name, required: !s.default && !s.nullable }] : [])),
    outputs: target.statements.flatMap((s) => (s.kind === "output" ? [s.name] : [])),
  };
}

/** `mod.outputs.x` uses in an expression tree. */
function outputUses(e: Expr, out: { module: string; output: string; line: number }[]): void {
  if (e.t === "member" && e.obj.t === "member" && e.obj.name === "outputs" && (e.obj.obj.t === "id" || e.obj.obj.t === "nonnull" || e.obj.obj.t === "index")) {
    const base = e.obj.obj.t === "id" ? e.obj.obj : e.obj.obj.t === "nonnull" && e.obj.obj.arg.t === "id" ? e.obj.obj.arg : e.obj.obj.t === "index" && e.obj.obj.obj.t === "id" ? e.obj.obj.obj : undefined;
    if (base?.t === "id") out.push({ module: base.name, output: e.name, line: e.line });
  }
  for (const child of children(e)) outputUses(child, out);
}

function children(e: Expr): Expr[] {
  switch (e.t) {
    case "str":
      return e.parts.filter((p): p is Expr => typeof p !== "string");
    case "obj":
      return e.props.map((p) => p.value);
    case "arr":
      return e.items;
    case "for":
      return [e.source, e.body];
    case "call":
      return [e.callee, ...e.args];
    case "member":
      return [e.obj];
    case "index":
      return [e.obj, e.index];
    case "unary":
    case "nonnull":
      return [e.arg];
    case "bin":
      return [e.left, e.right];
    case "cond":
      return [e.test, e.then, e.else];
    case "lambda":
      return [e.body];
    case "if":
      return [e.test, e.body];
    default:
      return [];
  }
}

describe("Bicep templates", () => {
  const files = bicepFiles();

  it("are all there and parse", () => {
    expect(files.map(relativeName).sort()).toEqual(
      ["main.bicep", "app/acrEvents.bicep", "app/bot.bicep", "app/clusterReader.bicep", "app/durableScheduler.bicep", "app/entraApp.bicep", "app/function.bicep", "app/rbac.bicep", "app/workspaceReader.bicep"].sort(),
    );
  });

  for (const file of files) {
    describe(relativeName(file), () => {
      const declared = declaredNames(file);

      it("uses only declared names, known functions and known decorators", () => {
        const problems: string[] = [];
        for (const s of file.statements) {
          for (const e of expressionsOf(s)) undeclared(e, declared, new Set(), problems);
          if ("decorators" in s) for (const d of s.decorators) if (!DECORATORS.has(d.name)) problems.push(`@${d.name} (line ${s.line})`);
        }
        expect(problems).toEqual([]);
      });

      it("calls modules with exactly their parameters and reads only outputs they declare", () => {
        const problems: string[] = [];
        const modules = file.statements.filter((s): s is Module => s.kind === "module");
        for (const m of modules) {
          const target = moduleTarget(file, m);
          const params = moduleBody(m).props.find((p) => p.key === "params")?.value;
          const passed = params?.t === "obj" ? params.props.map((p) => p.key) : [];
          for (const name of passed) if (!target.params.some((p) => p.name === name)) problems.push(`module ${m.name}: unknown parameter ${name}`);
          for (const p of target.params) if (p.required && !passed.includes(p.name)) problems.push(`module ${m.name}: required parameter ${p.name} is not passed`);
        }
        const uses: { module: string; output: string; line: number }[] = [];
        for (const s of file.statements) for (const e of expressionsOf(s)) outputUses(e, uses);
        for (const use of uses) {
          const m = modules.find((x) => x.name === use.module);
          if (!m) continue;
          if (!moduleTarget(file, m).outputs.includes(use.output)) problems.push(`line ${use.line}: ${use.module}.outputs.${use.output} is not an output of ${m.path}`);
        }
        expect(problems).toEqual([]);
      });

      it("uses resource API versions seen in published templates or the REST API specs", () => {
        const used = file.statements.flatMap((s) => (s.kind === "resource" ? [`${s.type}@${s.apiVersion}`] : []));
        expect(used.filter((v) => !(v in API_VERSIONS.versions))).toEqual([]);
      });
    });
  }

  it("pass main.parameters.json only parameters main.bicep has, and every one it needs", () => {
    const main = files.find((f) => relativeName(f) === "main.bicep");
    const declared = main?.statements.flatMap((s) => (s.kind === "param" ? [s] : [])) ?? [];
    const file = JSON.parse(readFileSync(join(infraDir, "main.parameters.json"), "utf8")) as { parameters: Record<string, { value: unknown }> };
    const given = Object.keys(file.parameters);
    expect(given.filter((name) => !declared.some((p) => p.name === name))).toEqual([]);
    expect(declared.filter((p) => !p.default && !p.nullable).map((p) => p.name).filter((name) => !given.includes(name))).toEqual([]);
  });
});
