// Signs bodies the way each sender does.
import { createHmac } from "node:crypto";

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`. Written out rather
 * than via @octokit/webhooks' sign() (which refuses empty bodies), and checked against GitHub's
 * published test vector in signing.test.ts.
 */
export function signGitHub(body: string | Buffer, secret: string): Promise<string> {
  return Promise.resolve(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
}

/** Flux notification-controller generic-hmac: `X-Signature: <algo>=<hex HMAC(token, body)>`. */
export function signFlux(body: string | Buffer, token: string, algorithm = "sha256"): string {
  return `${algorithm}=${createHmac(algorithm, token).update(body).digest("hex")}`;
}
