/**
 * The Workflows webhook URL is the credential (its `sig` query parameter is a SAS signature,
 * protocols.md 5.3), so it is checked without echoing it and scrubbed from anything we report.
 */

/** The URL, or why it cannot be used; the reason never contains the value. */
export function parseWebhookUrl(value: string): URL | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a URL";
  }
  // Plain http only to this machine (tests, local development): anywhere else it would expose the signature.
  const loopback = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  if (url.protocol === "https:" || (url.protocol === "http:" && loopback)) return url;
  return `must be an https URL (got ${url.protocol})`;
}

/** Removes the URL, its path and any signature from a text (an error message, a response body). */
export function redactWebhook(text: string, url: URL): string {
  let out = text;
  for (const secret of [url.href, `${url.pathname}${url.search}`, url.search]) {
    if (secret.length > 1) out = out.split(secret).join("<webhook>");
  }
  return out.replace(/\bsig=[^&\s"']+/gi, "sig=<redacted>");
}
