// A loopback HTTP server for the fakes: one handler, JSON in and out, closed by the test.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface FakeAnswer {
  status: number;
  json?: unknown;
}

export interface Loopback {
  readonly origin: string;
  close(): Promise<void>;
}

export async function startLoopback(handle: (request: FakeRequest, origin: string) => FakeAnswer): Promise<Loopback> {
  let origin = "";
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answer = handle({ method: req.method ?? "GET", path: new URL(req.url ?? "/", origin).pathname, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") }, origin);
      res.writeHead(answer.status, answer.json === undefined ? {} : { "content-type": "application/json" });
      res.end(answer.json === undefined ? undefined : JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** The bearer token of a request, if any. */
export function bearerOf(request: FakeRequest): string | undefined {
  return /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
}
