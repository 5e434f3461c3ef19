/**
 * An isomorphic-git HTTP client on a given `fetch` (the guarded one), so smart-HTTP clones and
 * pushes take the same checked path as every other request Baton sends to a configured URL.
 * isomorphic-git's own node client opens its sockets itself, past any guard.
 */
import type { GitHttpRequest, GitHttpResponse, HttpClient } from "isomorphic-git";

export function fetchGitHttp(fetchImpl: typeof fetch): HttpClient {
  return {
    async request({ url, method = "GET", headers = {}, body }: GitHttpRequest): Promise<GitHttpResponse> {
      const payload = body ? Buffer.concat(await collect(body)) : undefined;
      const res = await fetchImpl(url, { method, headers, ...(payload ? { body: payload } : {}) });
      return {
        url: res.url || url,
        method,
        statusCode: res.status,
        statusMessage: res.statusText,
        headers: Object.fromEntries(res.headers.entries()),
        body: res.body ? res.body[Symbol.asyncIterator]() : empty(),
      };
    },
  };
}

async function collect(body: AsyncIterableIterator<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return chunks;
}

async function* empty(): AsyncIterableIterator<Uint8Array> {
  // A response without a body (HEAD, 204) reads as no chunks.
}
