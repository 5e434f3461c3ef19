/** Undefined when `text` is an http(s) URL without credentials, else what is expected. */
export function urlProblem(text: string, what: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `expected ${what} as an absolute http(s) URL`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `expected ${what} as an http(s) URL`;
  // Never echo the URL: it may carry exactly the credential we refuse.
  if (url.username || url.password) return `expected ${what} without credentials: reference them by setting name (auth, tokenSecret) instead`;
  return undefined;
}
