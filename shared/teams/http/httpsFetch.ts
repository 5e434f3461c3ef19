/**
 * How Baton fetches the Bot Framework channel's signing keys for its endorsement check: over
 * Node's https module with its global agent, as the Agents SDK's key client (jwks-rsa) fetches
 * the same document. Both reads of the keys thus travel the same way (same agent, same proxy or
 * TLS settings), and a test that serves the channel's keys on loopback serves them to both.
 * Shaped as jose's `customFetch` (a WHATWG fetch for one GET); redirects are not followed.
 */
import https from "node:https";
import type { FetchImplementation } from "jose";

/** A key set is a few kilobytes; more is not a key set. */
const MAX_KEYS_BYTES = 1024 * 1024;

export const httpsFetch: FetchImplementation = (url, options) =>
  new Promise<Response>((resolve, reject) => {
    const request = https.get(url, { headers: Object.fromEntries(options.headers), signal: options.signal }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_KEYS_BYTES) request.destroy(new Error(`the key set at ${url} exceeds ${MAX_KEYS_BYTES} bytes`));
        else chunks.push(chunk);
      });
      // jose reads the body of a 200 only; any other answer is passed on without one.
      const status = response.statusCode ?? 502;
      response.on("end", () => resolve(status === 200 ? new Response(Buffer.concat(chunks), { status }) : new Response(null, { status: status >= 200 && status <= 599 ? status : 502 })));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
