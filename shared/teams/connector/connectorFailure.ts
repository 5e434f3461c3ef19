/**
 * A Bot Connector call that failed, with the HTTP status when there was one (403: the bot is not
 * in that conversation; 404: no such conversation or activity; 401: wrong app credentials).
 * The SDK's HttpError carries `status`.
 */
export function connectorFailure(what: string, cause: unknown): Error {
  const status = typeof cause === "object" && cause !== null ? (cause as { status?: unknown }).status : undefined;
  const hint = status === 403 ? ": is the bot installed in that team or chat?" : status === 401 ? ": check the bot's app id and password" : "";
  return new Error(`${what}${typeof status === "number" ? ` (HTTP ${status})` : ""}${hint}`, { cause });
}
