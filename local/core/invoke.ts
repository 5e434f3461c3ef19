/**
 * Invokes one function through the app's own programming model, in the order the worker uses:
 * getInvocationModel -> getArguments -> preInvocation hooks -> invokeFunction -> postInvocation
 * hooks -> getResponse. Input conversion and output shaping are the library's, not ours.
 */
import { randomUUID } from "node:crypto";
import type { LoadedApp } from "./loadApp.js";
import type {
  CoreInvocationContext,
  FunctionCallback,
  FunctionRegistration,
  RpcInvocationResponse,
  RpcLogCategory,
  RpcLogLevel,
  RpcParameterBinding,
  RpcTypedData,
} from "./types.js";

export type FunctionLog = (fn: string, level: RpcLogLevel, category: RpcLogCategory, message: string) => void;

export interface InvocationInput {
  inputData: RpcParameterBinding[];
  triggerMetadata?: Record<string, RpcTypedData>;
  /** The invocation id (HTTP streaming matches the proxied request by it); default a new UUID. */
  invocationId?: string;
  /** Receives what the function returned, before the library converts it. */
  onResult?: (result: unknown) => void;
}

export async function invokeFunction(
  app: LoadedApp,
  fn: FunctionRegistration,
  input: InvocationInput,
  log: FunctionLog,
): Promise<RpcInvocationResponse> {
  const name = fn.metadata.name;
  const coreCtx: CoreInvocationContext = {
    invocationId: input.invocationId ?? randomUUID(),
    request: { inputData: input.inputData, triggerMetadata: input.triggerMetadata ?? {} },
    metadata: { name, bindings: fn.metadata.bindings },
    state: "preInvocationHooks",
    log: (level, category, message) => log(name, level, category, message),
  };
  const model = app.programmingModel.getInvocationModel(coreCtx);
  const args = await model.getArguments();
  const hookData: Record<string, unknown> = {};
  const pre: Record<string, unknown> = {
    hookData,
    invocationContext: args.context,
    inputs: args.inputs,
    functionCallback: fn.callback,
  };
  for (const hook of app.hooks) {
    if (hook.name === "preInvocation" && !hook.disposed) await hook.callback(pre);
  }
  const inputs = pre.inputs as unknown[];
  const callback = pre.functionCallback as FunctionCallback;
  coreCtx.state = "invocation";
  let result: unknown;
  let error: unknown;
  try {
    result = await model.invokeFunction(args.context, inputs, callback);
  } catch (e) {
    error = e;
  }
  coreCtx.state = "postInvocationHooks";
  const post: Record<string, unknown> = { hookData, invocationContext: args.context, inputs, result, error };
  for (const hook of app.hooks) {
    if (hook.name === "postInvocation" && !hook.disposed) await hook.callback(post);
  }
  if (post.error !== undefined && post.error !== null) throw post.error instanceof Error ? post.error : new Error(JSON.stringify(post.error));
  input.onResult?.(post.result);
  return model.getResponse(args.context, post.result);
}

export async function runAppHooks(app: LoadedApp, name: "appStart" | "appTerminate"): Promise<void> {
  const context = { hookData: {}, appHookData: {}, functionAppDirectory: app.appDir };
  for (const hook of app.hooks) {
    if (hook.name === name && !hook.disposed) await hook.callback(context);
  }
}

/** The trigger binding of a function (binding names carry random suffixes: find by type). */
export function triggerOf(fn: FunctionRegistration): { name: string; type: string; binding: Record<string, unknown> } {
  for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
    const type = binding.type ?? "";
    if (binding.direction === "in" && type.toLowerCase().endsWith("trigger")) return { name, type, binding };
  }
  throw new Error(`Function "${fn.metadata.name}" has no trigger binding.`);
}
