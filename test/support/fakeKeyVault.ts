/**
 * A fake Azure Key Vault data plane on loopback, following the REST contract the real
 * SecretClient speaks: challenge-based bearer auth (401 + WWW-Authenticate, then a retry with a
 * token), GET /secrets/{name}/{version}?api-version=..., SecretBundle bodies and 404 SecretNotFound.
 */
import { createServer, type Server } from "node:http";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { listenOnLoopback, loopbackHttpClient } from "./loopbackHttpClient.js";

export interface FakeKeyVault {
  /** The vault URL clients use (https, as the SDK requires). */
  vaultUrl: string;
  secrets: Map<string, string>;
  reads: Map<string, number>;
  tokensSeen: string[];
  /** Routes the SDK's https vault URL to this loopback server. */
  httpClient: HttpClient;
  close(): Promise<void>;
}

export const FAKE_VAULT_TOKEN = "fake-vault-token";

export async function startFakeKeyVault(): Promise<FakeKeyVault> {
  const vaultUrl = "https://baton-test.vault.azure.net";
  const secrets = new Map<string, string>();
  const reads = new Map<string, number>();
  const tokensSeen: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://vault");
    const auth = req.headers.authorization ?? "";
    if (!auth.startsWith("Bearer ")) {
      res.writeHead(401, {
        "WWW-Authenticate": 'Bearer authorization="https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001", resource="https://vault.azure.net"',
        "content-type": "application/json",
      });
      res.end(JSON.stringify({ error: { code: "Unauthorized", message: "AKV10000: Request is missing a Bearer or PoP token." } }));
      return;
    }
    tokensSeen.push(auth.slice("Bearer ".length));
    const m = /^\/secrets\/([A-Za-z0-9-]+)\/?([0-9a-f]*)$/.exec(url.pathname);
    if (req.method !== "GET" || !m?.[1] || !url.searchParams.get("api-version")) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "BadParameter", message: "Unsupported request." } }));
      return;
    }
    const name = m[1];
    reads.set(name, (reads.get(name) ?? 0) + 1);
    const value = secrets.get(name);
    if (value === undefined) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "SecretNotFound", message: `A secret with (name/id) ${name} was not found in this key vault.` } }));
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        value,
        id: `${vaultUrl}/secrets/${name}/0123456789abcdef0123456789abcdef`,
        attributes: { enabled: true, created: now, updated: now, recoveryLevel: "Recoverable+Purgeable", recoverableDays: 90 },
        tags: {},
      }),
    );
  });
  const port = await listenOnLoopback(server);
  const httpClient = loopbackHttpClient(vaultUrl, port);
  return {
    vaultUrl,
    secrets,
    reads,
    tokensSeen,
    httpClient,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
