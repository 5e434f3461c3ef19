/**
 * Serves a Functions app's HTTP triggers the way the Functions host does: `/<routePrefix>/<route>`,
 * route parameters, declared methods, raw body bytes, and the response the library builds.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { invokeFunction, triggerOf, type FunctionLog } from "../core/invoke.js";
import type { LoadedApp } from "../core/loadApp.js";
import { typedDataToBuffer } from "../core/typedData.js";
import type { FunctionRegistration, RpcHttpCookie, RpcHttpData, RpcParameterBinding } from "../core/types.js";
import { flatHeaders } from "./io.js";
import { matchRoute, parseRouteTemplate, type RouteTemplate } from "./routeTemplate.js";

export interface HttpRoute {
  fn: FunctionRegistration;
  template: RouteTemplate;
  methods: string[] | undefined;
  triggerName: string;
}

export function httpRoutes(app: LoadedApp): HttpRoute[] {
  const routes: HttpRoute[] = [];
  for (const fn of app.functions) {
    const trigger = triggerOf(fn);
    if (trigger.type.toLowerCase() !== "httptrigger") continue;
    const route = typeof trigger.binding.route === "string" && trigger.binding.route.length > 0 ? trigger.binding.route : fn.metadata.name;
    const methods = Array.isArray(trigger.binding.methods) ? (trigger.binding.methods as string[]).map((m) => m.toUpperCase()) : undefined;
    routes.push({ fn, template: parseRouteTemplate(route), methods, triggerName: trigger.name });
  }
  // Most specific first, like ASP.NET routing.
  return routes.sort((a, b) => b.template.precedence - a.template.precedence);
}

export function findRoute(routes: HttpRoute[], method: string, path: string): { route: HttpRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.methods && !route.methods.includes(method)) continue;
    const params = matchRoute(route.template, path);
    if (params) return { route, params };
  }
  return undefined;
}

export async function invokeHttpTrigger(
  app: LoadedApp,
  route: HttpRoute,
  params: Record<string, string>,
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  extraInputs: RpcParameterBinding[],
  log: FunctionLog,
  res: ServerResponse,
): Promise<void> {
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = v;
  const http: RpcHttpData = {
    method: req.method ?? "GET",
    url: url.toString(),
    headers: flatHeaders(req),
    query,
    params,
    ...(body.length > 0 ? { body: { bytes: new Uint8Array(body) } } : {}),
  };
  let response;
  try {
    response = await invokeFunction(app, route.fn, { inputData: [{ name: route.triggerName, data: { http } }, ...extraInputs] }, log);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(route.fn.metadata.name, "error", "user", `Executed '${route.fn.metadata.name}' (Failed): ${message}`);
    res.writeHead(500);
    res.end();
    return;
  }
  const out = response.returnValue?.http ?? response.outputData?.find((o) => o.data?.http)?.data?.http;
  if (!out) {
    res.writeHead(204);
    res.end();
    return;
  }
  const headers: Record<string, string | string[]> = { ...(out.headers ?? {}) };
  const cookies = (out.cookies ?? []).map(cookieHeader);
  if (cookies.length > 0) headers["Set-Cookie"] = cookies;
  const status = Number(out.statusCode ?? "200") || 200;
  res.writeHead(status, headers);
  res.end(typedDataToBuffer(out.body));
}

function cookieHeader(c: RpcHttpCookie): string {
  const parts = [`${c.name ?? ""}=${c.value ?? ""}`];
  if (c.domain?.value) parts.push(`Domain=${c.domain.value}`);
  if (c.path?.value) parts.push(`Path=${c.path.value}`);
  const seconds = c.expires?.value?.seconds;
  if (typeof seconds === "number") parts.push(`Expires=${new Date(seconds * 1000).toUTCString()}`);
  if (c.secure?.value) parts.push("Secure");
  if (c.httpOnly?.value) parts.push("HttpOnly");
  if (c.sameSite && c.sameSite !== "none") parts.push(`SameSite=${c.sameSite.charAt(0).toUpperCase()}${c.sameSite.slice(1)}`);
  if (typeof c.maxAge?.value === "number") parts.push(`Max-Age=${c.maxAge.value}`);
  return parts.join("; ");
}
