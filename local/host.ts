/**
 * A local host for any Functions v4 Node app: loads the app like the worker, serves its HTTP
 * triggers, the Event Grid webhook and the Durable HTTP API, and runs its orchestrations on a
 * crash-safe SQLite store. What `func start` does, without Core Tools or Azure.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join, resolve } from "node:path";
import { systemClock, type Clock } from "./clock.js";
import { installFunctionsCore } from "./core/functionsCore.js";
import { runAppHooks, triggerOf, type FunctionLog } from "./core/invoke.js";
import { loadApp, type LoadedApp } from "./core/loadApp.js";
import type { FunctionRegistration, RpcLogLevel, RpcParameterBinding } from "./core/types.js";
import { clientBindingData, type BindingEndpoints } from "./durable/clientBinding.js";
import { DurableEngine } from "./durable/engine.js";
import { handleDurableApi, isDurableApiPath, type DurableApiContext } from "./durable/httpApi.js";
import { startRpcListener } from "./durable/rpcListener.js";
import { DurableStore } from "./durable/store.js";
import { ensureDevelopmentStorage } from "./devStorage.js";
import { EVENT_GRID_PATH, handleEventGrid } from "./eventgrid/webhook.js";
import { invokeStreamingHttpTrigger } from "./http/httpStream.js";
import { findRoute, httpRoutes, invokeHttpTrigger, type HttpRoute } from "./http/httpTrigger.js";
import { BodyTooLargeError, readBody, requestUrl, sendJson } from "./http/io.js";
import { loadHostKeys, presentsHostKey, presentsMasterKey, type HostKeys } from "./keys/hostKeys.js";
import { applyLocalSettings, readHostJson } from "./settings.js";
import { startTimerTriggers, type TimerTriggers } from "./timer/timerTriggers.js";

export interface HostOptions {
  appDir: string;
  /** 0 picks a free port. */
  port?: number;
  hostname?: string;
  /** Where durable state lives; default `<appDir>/.local-data`. */
  dataDir?: string;
  clock?: Clock;
  /** Entry files instead of package.json "main" (tests load TypeScript sources). */
  entry?: string | string[];
  /** Receives every log line; default prints to the console. */
  log?: (line: HostLogLine) => void;
  /** Apply local.settings.json Values to process.env (default true). */
  localSettings?: boolean;
  /** Start Azurite when storage is development storage and nothing listens (default true). */
  azurite?: boolean;
  /**
   * Replaces host.json's `functionTimeout` (ms; null: no limit). Tests that hold an activity in
   * flight while virtual time passes would otherwise see it time out, as a real host would.
   */
  functionTimeoutMs?: number | null;
  /**
   * Print the host keys (the master key too) in the start banner. Off by default: a console is
   * often captured (CI logs, screen shares); the banner then says where the keys are.
   */
  showKeys?: boolean;
}

export interface HostLogLine {
  source: string;
  level: RpcLogLevel;
  message: string;
}

export interface FunctionInfo {
  name: string;
  trigger: string;
  methods?: string[];
  url?: string;
}

export interface RunningHost {
  origin: string;
  port: number;
  /** The master and system keys every `/runtime/*` call needs (kept in the data directory). */
  keys: HostKeys;
  app: LoadedApp;
  engine: DurableEngine;
  timers: TimerTriggers;
  taskHub: string;
  functions: FunctionInfo[];
  stop(): Promise<void>;
}

const MAX_HTTP_BODY = 100 * 1024 * 1024; // the Functions host's default request size limit

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const appDir = resolve(options.appDir);
  if (options.localSettings !== false) applyLocalSettings(appDir);
  process.env.FUNCTIONS_WORKER_RUNTIME ??= "node";
  process.env.AzureWebJobsStorage ??= "UseDevelopmentStorage=true";
  const print = options.log ?? consoleLog;
  const log: FunctionLog = (source, level, _category, message) => print({ source, level, message });
  installFunctionsCore((level, _category, message) => print({ source: "worker", level, message }));

  const hostJson = readHostJson(appDir);
  const app = await loadApp(appDir, options.entry !== undefined ? { entry: options.entry } : {});
  // The worker asks the programming model for its capabilities once, after loading; an app that
  // called app.setup({ enableHttpStream: true }) answers with the URI of its streaming proxy.
  const capabilities = await capabilitiesOf(app);
  const httpStreamUri = typeof capabilities.HttpUri === "string" && capabilities.HttpUri.length > 0 ? capabilities.HttpUri : undefined;
  const clock = options.clock ?? systemClock;
  const dataDir = resolve(options.dataDir ?? join(appDir, ".local-data"));
  const keys = loadHostKeys(dataDir);
  const store = new DurableStore(join(dataDir, `${hostJson.taskHub}.sqlite`), { backgroundCheckpoints: true });
  const devStorage = options.azurite === false ? undefined : await ensureDevelopmentStorage(process.env.AzureWebJobsStorage, dataDir);
  if (devStorage?.started) print({ source: "host", level: "information", message: `Started Azurite for development storage (data in ${join(dataDir, "azurite")}).` });
  else if (devStorage) print({ source: "host", level: "debug", message: `Not starting Azurite: ${devStorage.reason}.` });

  const endpoints: BindingEndpoints = { origin: "", systemKey: keys.system.durabletask_extension, rpcBaseUrl: "" };
  const extraInputs = (fn: FunctionRegistration): RpcParameterBinding[] => {
    const bindings: RpcParameterBinding[] = [];
    for (const [name, b] of Object.entries(fn.metadata.bindings)) {
      const type = (b.type ?? "").toLowerCase();
      if (b.direction === "in" && (type === "durableclient" || type === "orchestrationclient")) {
        bindings.push({ name, data: { string: JSON.stringify(clientBindingData(endpoints, hostJson.taskHub)) } });
      }
    }
    return bindings;
  };
  const engine = new DurableEngine({
    store,
    app,
    clock,
    log,
    extraInputs,
    maxConcurrentActivities: hostJson.maxConcurrentActivities,
    functionTimeoutMs: options.functionTimeoutMs === undefined ? hostJson.functionTimeoutMs : (options.functionTimeoutMs ?? undefined),
  });
  const routes = httpRoutes(app);
  const durableApi: DurableApiContext = { engine, taskHub: hostJson.taskHub, endpoints };

  const failed = (res: ServerResponse, error: unknown): void => {
    if (error instanceof BodyTooLargeError) return sendJson(res, 413, { message: error.message });
    print({ source: "host", level: "error", message: `Unhandled host error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
    if (!res.headersSent) sendJson(res, 500, { message: "Internal host error." });
    else res.end();
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => failed(res, error));
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req.url, endpoints.origin);
    if (!url) return sendJson(res, 400, { message: "The request target is not a path." });
    const lowerPath = url.pathname.toLowerCase();
    if (lowerPath === "/runtime" || lowerPath.startsWith("/runtime/")) {
      // As on Azure, the host's own endpoints need a host key, checked before anything else.
      if (!presentsHostKey(keys, lowerPath, req.headers["x-functions-key"], url)) return sendJson(res, 401, undefined);
      if (isDurableApiPath(lowerPath)) return handleDurableApi(durableApi, req, res, url);
      if (lowerPath === EVENT_GRID_PATH) return handleEventGrid({ app, log, extraInputs }, req, res, url);
      return sendJson(res, 404, undefined);
    }
    if (lowerPath === "/admin" || lowerPath.startsWith("/admin/")) {
      // As on Azure, the admin API answers only to the master key.
      if (!presentsMasterKey(keys, req.headers["x-functions-key"], url)) return sendJson(res, 401, undefined);
      if (lowerPath === "/admin/functions") return sendJson(res, 200, functionList(app, routes, endpoints.origin, hostJson.routePrefix));
      return sendJson(res, 404, undefined);
    }
    // The root is a landing page that names nothing (Azure serves an HTML page there).
    if (lowerPath === "/") return sendJson(res, 200, { status: "running" });
    // Routing is case-insensitive on the Functions host, the prefix included.
    const prefix = hostJson.routePrefix ? `/${hostJson.routePrefix.toLowerCase()}` : "";
    if (prefix && !(lowerPath === prefix || lowerPath.startsWith(`${prefix}/`))) return sendJson(res, 404, undefined);
    const found = findRoute(routes, (req.method ?? "GET").toUpperCase(), url.pathname.slice(prefix.length));
    if (!found) return sendJson(res, 404, undefined);
    if (httpStreamUri) {
      return invokeStreamingHttpTrigger(app, httpStreamUri, found.route, found.params, req, url, extraInputs(found.route.fn), log, res);
    }
    const body = await readBody(req, MAX_HTTP_BODY);
    await invokeHttpTrigger(app, found.route, found.params, req, url, body, extraInputs(found.route.fn), log, res);
  };

  const hostname = options.hostname ?? "127.0.0.1";
  await listen(server, options.port ?? 7071, hostname);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 7071);
  const origin = `http://${hostname}:${port}`;
  endpoints.origin = origin;
  // Tells the app where it is reachable from (Baton refuses to trust forgeable identity headers
  // unless only this machine can reach it); always the truth, whatever the settings said.
  process.env.BATON_HOST_LISTEN_ADDRESS = hostname;
  const rpc = await startRpcListener(
    (req, res, url) => handleDurableApi(durableApi, req, res, url),
    (_req, res, error) => failed(res, error),
  );
  endpoints.rpcBaseUrl = rpc.baseUrl;
  // getClient rewrites management URLs to localhost:7071 unless WEBSITE_HOSTNAME is set.
  if (!process.env.WEBSITE_HOSTNAME) process.env.WEBSITE_HOSTNAME = `${hostname}:${port}`;
  print({ source: "host", level: "information", message: keysBanner(keys, options.showKeys === true) });
  if (httpStreamUri) print({ source: "host", level: "information", message: "HTTP streaming is on (app.setup enableHttpStream)." });

  try {
    await runAppHooks(app, "appStart");
  } catch (error) {
    // The app refused to start (as the worker would fail): release what was opened, then report.
    await new Promise<void>((done) => server.close(() => done()));
    await rpc.close();
    store.close();
    await devStorage?.started?.stop();
    throw error;
  }
  engine.start();
  const timers = startTimerTriggers(app, clock, log, extraInputs);

  let stopped = false;
  return {
    origin,
    port,
    keys,
    app,
    engine,
    timers,
    taskHub: hostJson.taskHub,
    functions: functionList(app, routes, origin, hostJson.routePrefix),
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await rpc.close();
      timers.stop();
      await timers.idle();
      await engine.stop();
      await runAppHooks(app, "appTerminate");
      store.close();
      await devStorage?.started?.stop();
    },
  };
}

// Asked once per loaded app: the library starts its streaming proxy on the first call.
const capabilitiesByModel = new WeakMap<object, Promise<Record<string, string>>>();
function capabilitiesOf(app: LoadedApp): Promise<Record<string, string>> {
  const model = app.programmingModel;
  let asked = capabilitiesByModel.get(model);
  if (!asked) {
    asked = model.getCapabilities ? model.getCapabilities({}) : Promise.resolve({});
    capabilitiesByModel.set(model, asked);
  }
  return asked;
}

function listen(server: Server, port: number, hostname: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolvePromise();
    });
  });
}

export function functionList(app: LoadedApp, routes: HttpRoute[], origin: string, routePrefix: string): FunctionInfo[] {
  return app.functions.map((fn) => {
    const trigger = triggerOf(fn);
    const type = trigger.type;
    const route = routes.find((r) => r.fn === fn);
    if (route) {
      return {
        name: fn.metadata.name,
        trigger: type,
        methods: route.methods ?? ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
        url: `${origin}/${routePrefix ? `${routePrefix}/` : ""}${route.template.text}`,
      };
    }
    if (type.toLowerCase() === "timertrigger") {
      return { name: fn.metadata.name, trigger: `${type} (${String(trigger.binding.schedule)})` };
    }
    if (type.toLowerCase() === "eventgridtrigger") {
      return { name: fn.metadata.name, trigger: type, url: `${origin}${EVENT_GRID_PATH}?functionName=${encodeURIComponent(fn.metadata.name)}` };
    }
    return { name: fn.metadata.name, trigger: type };
  });
}

const SERVED = new Set(["httptrigger", "eventgridtrigger", "orchestrationtrigger", "activitytrigger", "timertrigger"]);

export function describeFunctions(functions: FunctionInfo[]): string {
  const lines = ["Functions:", ""];
  for (const f of functions) {
    if (f.url && f.methods) lines.push(`        ${f.name}: [${f.methods.join(",")}] ${f.url}`);
    else if (f.url) lines.push(`        ${f.name}: ${f.trigger} ${f.url}`);
    else lines.push(`        ${f.name}: ${f.trigger}${SERVED.has(f.trigger.split(" ")[0]?.toLowerCase() ?? "") ? "" : " (not served by the local host)"}`);
  }
  return lines.join("\n");
}

function consoleLog(line: HostLogLine): void {
  const text = `[${new Date().toISOString()}] ${line.source}: ${line.message}`;
  if (line.level === "error" || line.level === "critical") console.error(text);
  else if (line.level === "warning") console.warn(text);
  else if (line.level !== "trace" && line.level !== "debug") console.log(text);
}

/** Whether to print the host keys: the `--show-keys` flag, else `BATON_HOST_SHOW_KEYS=true`. */
export function showKeys(flag: boolean | undefined, env: Record<string, string | undefined>): boolean {
  return flag ?? env["BATON_HOST_SHOW_KEYS"]?.trim().toLowerCase() === "true";
}

/** Where the host keys are (and, only when asked for, the keys themselves). */
export function keysBanner(keys: HostKeys, show: boolean): string {
  const needed = "/runtime/* and /admin/* need one, as x-functions-key or ?code=";
  if (show) {
    return `Host keys (in ${keys.file}); ${needed}: master ${keys.master}, durabletask_extension ${keys.system.durabletask_extension}, eventgrid_extension ${keys.system.eventgrid_extension}`;
  }
  return `Host keys: in ${keys.file} (masterKey.value, systemKeys); ${needed}. Start with --show-keys (or BATON_HOST_SHOW_KEYS=true) to print them.`;
}
