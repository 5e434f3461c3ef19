/**
 * The endpoint the app's own durable client talks to, like the Durable extension's local RPC
 * listener (127.0.0.1:17071 in the real host): loopback only and outside the public server, so the
 * app needs no key while everyone else goes through `/runtime/webhooks/durabletask` with one. A
 * random path prefix and a refusal of browser requests (an `Origin` header, a foreign `Host`)
 * keep web pages in a developer's browser out, since a page can post to any loopback port.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { requestUrl, sendJson } from "../http/io.js";
import { DURABLE_BASE_PATH } from "./clientBinding.js";

export interface RpcListener {
  /** The `rpcBaseUrl` for durable client bindings (ends with a slash). */
  baseUrl: string;
  close(): Promise<void>;
}

export type DurableHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

export async function startRpcListener(handle: DurableHandler, onError: (req: IncomingMessage, res: ServerResponse, error: unknown) => void): Promise<RpcListener> {
  const token = randomBytes(24).toString("base64url");
  const prefix = `/${token}/durabletask`;
  let authority = "";
  const server = createServer((req, res) => {
    const url = requestUrl(req.url, `http://${authority}`);
    const inside = url && (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`));
    if (!url || !inside || req.headers.origin !== undefined || req.headers.host !== authority) return sendJson(res, 404, undefined);
    const rest = url.pathname.slice(prefix.length);
    const publicUrl = new URL(`${DURABLE_BASE_PATH}${rest}${url.search}`, url.origin);
    handle(req, res, publicUrl).catch((error: unknown) => onError(req, res, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  authority = `127.0.0.1:${port}`;
  return {
    baseUrl: `http://${authority}${prefix}/`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
