/**
 * A fake of Application Insights' ingestion endpoint (the Breeze contract the Azure Monitor
 * exporter speaks: POST /v2.1/track, gzip JSON envelopes, answered with items received/accepted),
 * over TLS on loopback with a throwaway certificate: the exporter sends to https only. Clients
 * must not verify it (NODE_TLS_REJECT_UNAUTHORIZED=0 in the process that talks to it).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

export interface Envelope {
  name: string;
  tags: Record<string, string>;
  data: { baseType: string; baseData: { name?: string; message?: string; properties?: Record<string, string>; responseCode?: string; success?: boolean; type?: string } };
}

export interface FakeAppInsights {
  connectionString: string;
  envelopes: Envelope[];
  /** Resolves once the envelopes received satisfy `done` (the exporter sends batches on its own schedule). */
  received(done: (all: Envelope[]) => boolean): Promise<void>;
  close(): Promise<void>;
}

function loopbackCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), "baton-ingestion-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startFakeAppInsights(): Promise<FakeAppInsights> {
  const envelopes: Envelope[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer(loopbackCertificate(), (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c)).on("end", () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw;
      const items = JSON.parse(body.toString("utf8")) as Envelope[];
      if (req.url?.startsWith("/v2.1/track")) envelopes.push(...items);
      for (const wake of waiters) wake();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    connectionString: `InstrumentationKey=00000000-0000-0000-0000-0000000000aa;IngestionEndpoint=https://127.0.0.1:${port}/`,
    envelopes,
    received: (done) =>
      new Promise((resolve) => {
        const check = () => (done(envelopes) ? (resolve(), true) : false);
        if (!check()) waiters.push(() => void check());
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
