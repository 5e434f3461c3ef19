/** The audiences Baton asks tokens for with the bot's app registration. */
export const BOT_CONNECTOR_SCOPE = "https://api.botframework.com/.default";
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/** `https://api.botframework.com` -> `https://api.botframework.com/.default` (what Entra v2 expects). */
export function defaultScopeOf(audience: string): string {
  return audience.endsWith("/.default") ? audience : `${audience.replace(/\/+$/, "")}/.default`;
}
