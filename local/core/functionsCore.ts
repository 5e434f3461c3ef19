/**
 * A stand-in for `@azure/functions-core`, the module the real Node worker injects. @azure/functions
 * looks it up once, lazily, with `require("@azure/functions-core")`; the worker answers that call
 * by wrapping `Module.prototype.require` in a Proxy, and so do we (durable-host.md section 1).
 * Without it the library drops every registration ("Skipping call to register function").
 */
import Module from "node:module";
import type {
  FunctionCallback,
  FunctionMetadata,
  FunctionRegistration,
  HookCallback,
  HookName,
  HookRegistration,
  ProgrammingModel,
  RpcLogCategory,
  RpcLogLevel,
} from "./types.js";

/** What one load of an app registered. */
export interface CapturedApp {
  functions: FunctionRegistration[];
  hooks: HookRegistration[];
  programmingModel: ProgrammingModel | undefined;
}

type SystemLogger = (level: RpcLogLevel, category: RpcLogCategory, message: string) => void;

interface CoreState {
  sink: CapturedApp | undefined;
  lastModel: ProgrammingModel | undefined;
  systemLog: SystemLogger;
  api: object;
}

class Disposable {
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  #onDispose: (() => unknown) | undefined;
  constructor(onDispose: () => unknown) {
    this.#onDispose = onDispose;
  }
  dispose(): unknown {
    const f = this.#onDispose;
    this.#onDispose = undefined;
    return f?.();
  }
}

// The hook is process-wide by nature (one Module.prototype), so its state lives on globalThis
// under a registry symbol: two copies of this module (source and built) must share it.
const STATE_KEY = Symbol.for("baton.local.functionsCore");
const hooksSupported: ReadonlySet<string> = new Set<HookName>(["appStart", "appTerminate", "preInvocation", "postInvocation", "log"]);

function coreState(): CoreState {
  const g = globalThis as unknown as Record<symbol, CoreState | undefined>;
  const existing = g[STATE_KEY];
  if (existing) return existing;
  const created: CoreState = {
    sink: undefined,
    lastModel: undefined,
    systemLog: () => undefined,
    api: {},
  };
  created.api = createCoreApi(created);
  g[STATE_KEY] = created;
  installRequireHook(created.api);
  return created;
}

function createCoreApi(state: CoreState): object {
  return {
    version: "3.10.1",
    hostVersion: "4.1040.0",
    Disposable,
    setProgrammingModel(model: ProgrammingModel): void {
      state.lastModel = model;
      if (state.sink) state.sink.programmingModel = model;
    },
    getProgrammingModel(): ProgrammingModel | undefined {
      return state.sink?.programmingModel ?? state.lastModel;
    },
    registerFunction(metadata: FunctionMetadata, callback: FunctionCallback): Disposable {
      const sink = requireSink(state, `function "${metadata.name}"`);
      const registration: FunctionRegistration = { metadata, callback };
      sink.functions.push(registration);
      return new Disposable(() => {
        sink.functions = sink.functions.filter((r) => r !== registration);
      });
    },
    registerHook(name: string, callback: HookCallback): Disposable {
      if (!hooksSupported.has(name)) throw new RangeError(`Unrecognized hook "${name}"`);
      const sink = requireSink(state, `${name} hook`);
      const registration: HookRegistration = { name: name as HookName, callback, disposed: false };
      sink.hooks.push(registration);
      return new Disposable(() => {
        registration.disposed = true;
      });
    },
    log(level: RpcLogLevel, category: RpcLogCategory, message: string): void {
      state.systemLog(level, category, message);
    },
  };
}

function requireSink(state: CoreState, what: string): CapturedApp {
  if (!state.sink) {
    throw new Error(`Cannot register ${what}: functions register while the app loads (at import time), not later.`);
  }
  return state.sink;
}

function installRequireHook(api: object): void {
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  proto.require = new Proxy(proto.require, {
    apply(target, thisArg, args: unknown[]) {
      if (args[0] === "@azure/functions-core") return api;
      return Reflect.apply(target, thisArg, args) as unknown;
    },
  });
}

/** Installs the stand-in (idempotent). Must run before the app's first `app.*` call. */
export function installFunctionsCore(systemLog?: SystemLogger): void {
  const state = coreState();
  if (systemLog) state.systemLog = systemLog;
}

/**
 * Runs `load` (which imports the app's entry modules) and returns what it registered. A module the
 * runtime already imported once in this process does not run again, so callers cache per entry.
 */
export async function captureRegistrations(load: () => Promise<void>): Promise<CapturedApp> {
  const state = coreState();
  if (state.sink) throw new Error("Another app is loading in this process; load apps one at a time.");
  const sink: CapturedApp = { functions: [], hooks: [], programmingModel: undefined };
  state.sink = sink;
  try {
    await load();
  } finally {
    state.sink = undefined;
  }
  sink.programmingModel ??= state.lastModel;
  return sink;
}
