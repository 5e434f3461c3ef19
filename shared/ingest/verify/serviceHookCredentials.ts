import type { HttpRequest } from "@azure/functions";
import { Rejection } from "../http/rejection.js";

/** The header a Web Hooks subscription may set (its "HTTP headers" input: `X-Baton-Token: <secret>`). */
export const SERVICE_HOOK_TOKEN_HEADER = "x-baton-token";

/**
 * What an Azure DevOps Web Hooks subscription can present, since it cannot sign a body: the
 * basic authentication password (`basicAuthPassword`; the user name is free) and/or a header of
 * its own. Every credential presented must match, so a right header cannot carry a wrong password.
 */
export function presentedServiceHookSecrets(request: HttpRequest): string[] {
  const presented: string[] = [];
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const basic = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(authorization.trim())?.[1];
    const decoded = basic === undefined ? undefined : Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded?.indexOf(":") ?? -1;
    if (decoded === undefined || colon < 0) throw unauthorized("the Authorization header is not HTTP basic credentials (user:password)");
    presented.push(decoded.slice(colon + 1));
  }
  const token = request.headers.get(SERVICE_HOOK_TOKEN_HEADER);
  if (token !== null) presented.push(token.trim());
  if (presented.length === 0) throw unauthorized("missing credentials: set the Web Hooks subscription's basic authentication password or an X-Baton-Token header");
  return presented;
}

export function unauthorized(message: string): Rejection {
  return new Rejection(401, message, { "WWW-Authenticate": 'Basic realm="baton", charset="UTF-8"' });
}
