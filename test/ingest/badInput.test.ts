import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { HttpDoor } from "../../shared/ingest/http/answer.js";
import { createAcrWebhookHandler } from "../../shared/ingest/handlers/acrWebhook.js";
import { createEventGridHttpHandler } from "../../shared/ingest/handlers/eventGridHttp.js";
import { createFluxEventHandler } from "../../shared/ingest/handlers/flux.js";
import { createGitHubWebhookHandler } from "../../shared/ingest/handlers/github.js";
import type { DoorDeps } from "../../shared/ingest/handlers/doorDeps.js";
import { MemorySecrets } from "./fakes.js";
import { signFlux, signGitHub } from "./signing.js";
import { context, jsonOf, request, SECRETS, world } from "./world.js";

/** Each door with headers that authenticate a given body, so only the tested defect is wrong. */
const doors: { name: string; url: string; make: (deps: DoorDeps) => HttpDoor; auth: (body: Buffer) => Promise<Record<string, string>> }[] = [
  {
    name: "github",
    url: "/api/ingest/github",
    make: createGitHubWebhookHandler,
    auth: async (body) => ({
      "x-github-event": "package",
      "x-github-delivery": "d-1",
      "x-hub-signature-256": await signGitHub(body, SECRETS.GITHUB_WEBHOOK_SECRET),
    }),
  },
  { name: "flux", url: "/api/ingest/flux", make: createFluxEventHandler, auth: (body) => Promise.resolve({ "x-signature": signFlux(body, SECRETS.FLUX_WEBHOOK_TOKEN) }) },
  { name: "acr", url: "/api/ingest/acr", make: createAcrWebhookHandler, auth: () => Promise.resolve({ authorization: `Bearer ${SECRETS.ACR_WEBHOOK_SECRET}` }) },
  { name: "eventgrid", url: "/api/ingest/eventgrid", make: createEventGridHttpHandler, auth: () => Promise.resolve({ "x-baton-key": SECRETS.EVENTGRID_WEBHOOK_KEY }) },
];

async function send(door: (typeof doors)[number], body: string | Buffer, extra: Record<string, string> = {}, method = "POST", deps = world().deps) {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return door.make(deps)(request(door.url, bytes, { ...(await door.auth(bytes)), ...extra }, { method }), context());
}

describe.each(doors)("$name door refuses bad input precisely", (door) => {
  it("405 for a wrong method, with Allow", async () => {
    const res = await send(door, "{}", {}, "GET");
    expect(res.status).toBe(405);
    expect(res.headers).toHaveProperty("Allow");
  });

  it("415 for a body that is not JSON by content type", async () => {
    const res = await send(door, "a=b", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
    expect(jsonOf(res)["error"]).toMatch(/content type must be/);
  });

  it("413 when Content-Length announces too much, and when the body is too big", async () => {
    const w = world();
    const small = { ...w.deps, maxBodyBytes: 64 };
    expect((await send(door, "{}", { "content-length": "100000" }, "POST", small)).status).toBe(413);
    expect((await send(door, JSON.stringify({ padding: "x".repeat(200) }), {}, "POST", small)).status).toBe(413);
  });

  it("400 for malformed JSON, even when authenticated", async () => {
    const res = await send(door, "{not json");
    expect(res.status).toBe(400);
    expect(jsonOf(res)["error"]).toBe("body is not valid JSON");
  });

  it("400 for a signed body that is not UTF-8", async () => {
    const res = await send(door, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(res.status).toBe(400);
    expect(jsonOf(res)["error"]).toBe("body is not valid UTF-8");
  });

  it("400 naming the field for JSON of the wrong shape", async () => {
    const res = await send(door, JSON.stringify(door.name === "eventgrid" ? [{ id: 1 }] : { action: 42 }));
    expect(res.status).toBe(400);
    expect(String(jsonOf(res)["error"])).toMatch(/^invalid /);
  });

  it("503 (not a 4xx, not a crash) when the door's secret is not configured", async () => {
    const w = world();
    const res = await send(door, "{}", {}, "POST", { ...w.deps, secrets: new MemorySecrets({}) });
    expect(res.status).toBe(503);
    expect(JSON.stringify(res)).not.toMatch(/SECRET|TOKEN|KEY/);
  });

  it("never answers 5xx and never starts or signals anything for arbitrary input", async () => {
    const w = world();
    const handler = door.make(w.deps);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.json(), fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a).toString("latin1"))),
        fc.constantFrom("POST", "PUT", "OPTIONS", "DELETE"),
        fc.constantFrom("application/json", "text/plain", "application/cloudevents+json", ""),
        fc.boolean(),
        async (body, method, contentType, authenticated) => {
          const bytes = Buffer.from(body, "utf8");
          const headers = { ...(authenticated ? await door.auth(bytes) : {}), "content-type": contentType };
          const res = await handler(request(door.url, bytes, headers, { method }), context());
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
    expect(w.starter.calls).toHaveLength(0);
    expect(w.sender.raised).toHaveLength(0);
  });
});

describe("GitHub door headers", () => {
  it("checks X-Hub-Signature-256 over the raw bytes, not over a decoding of them", async () => {
    const w = world();
    const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]); // not UTF-8: a lenient decoding replaces both bytes
    const overDecoding = await signGitHub(bytes.toString("utf8"), SECRETS.GITHUB_WEBHOOK_SECRET);
    const headers = { "x-github-event": "package", "x-github-delivery": "d-raw" };
    const refused = await createGitHubWebhookHandler(w.deps)(request("/api/ingest/github", bytes, { ...headers, "x-hub-signature-256": overDecoding }), context());
    expect(refused.status).toBe(401);
    const overBytes = await signGitHub(bytes, SECRETS.GITHUB_WEBHOOK_SECRET);
    const parsedAfter = await createGitHubWebhookHandler(w.deps)(request("/api/ingest/github", bytes, { ...headers, "x-hub-signature-256": overBytes }), context());
    expect(parsedAfter.status).toBe(400);
  });

  it("400 when X-GitHub-Event or X-GitHub-Delivery is missing", async () => {
    const w = world();
    const res = await createGitHubWebhookHandler(w.deps)(request("/api/ingest/github", "{}", { "x-github-delivery": "d" }), context());
    expect(res.status).toBe(400);
    expect(jsonOf(res)["error"]).toBe("missing x-github-event header");
  });
});

describe("Flux door path", () => {
  it("400 for a cluster segment that is not a DNS label", async () => {
    const w = world();
    const body = "{}";
    const res = await createFluxEventHandler(w.deps)(
      request("/api/ingest/flux/Bad_Name", body, { "x-signature": signFlux(body, SECRETS.FLUX_WEBHOOK_TOKEN) }, { params: { cluster: "Bad_Name" } }),
      context(),
    );
    expect(res.status).toBe(400);
  });
});
