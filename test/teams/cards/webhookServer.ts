/**
 * A loopback stand-in for a Teams Workflows webhook: records what it receives and answers as told.
 * `hang` never answers, so the caller's timeout is what ends the request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

export type Answer = { status: number; body?: string } | "hang";

export interface WebhookServer {
  /** A URL shaped like a real flow URL, signature included. */
  url: string;
  received: Received[];
  answer: Answer;
  close(): Promise<void>;
}

export async function startWebhookServer(): Promise<WebhookServer> {
  const hanging: ServerResponse[] = [];
  const state: WebhookServer = { url: "", received: [], answer: { status: 202 }, close: () => Promise.resolve() };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      state.received.push({ method: req.method ?? "", url: req.url ?? "", contentType: req.headers["content-type"], body: Buffer.concat(chunks).toString("utf8") });
      if (state.answer === "hang") {
        hanging.push(res);
        return;
      }
      res.writeHead(state.answer.status, { "content-type": "text/plain" }).end(state.answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/workflows/abc123/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=S3cr3tS1gnature`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
