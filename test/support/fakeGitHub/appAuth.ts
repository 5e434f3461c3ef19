// GitHub App authentication: verify the App's JWT (RS256, iss = App id) and hand out the token.
import { createPublicKey, verify } from "node:crypto";
import type { OpenApiValidator } from "./openApi.js";
import type { FakeResponse } from "./routes.js";

function verifyJwt(jwt: string, publicKeyPem: string): Record<string, unknown> | undefined {
  const [header = "", payload = "", signature = ""] = jwt.split(".");
  const ok = verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), createPublicKey(publicKeyPem), Buffer.from(signature, "base64url"));
  return ok ? (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>) : undefined;
}

export function installationToken(
  authorization: string,
  app: { appId: number; publicKeyPem: string },
  token: string,
  validator: OpenApiValidator,
  violations: string[],
): FakeResponse {
  const jwt = /^bearer (.+)$/i.exec(authorization)?.[1];
  const claims = jwt ? verifyJwt(jwt, app.publicKeyPem) : undefined;
  if (!claims || String(claims.iss) !== String(app.appId)) {
    return { status: 401, body: { message: "A JSON web token could not be decoded", documentation_url: "https://docs.github.com/rest" } };
  }
  const body = { token, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: { contents: "write", pull_requests: "write" }, repository_selection: "all" };
  const template = "/app/installations/{installation_id}/access_tokens";
  const wrong = validator.response("POST", template, 201, body);
  violations.push(...wrong);
  return { status: 201, body };
}
