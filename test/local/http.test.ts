// HTTP triggers and the host's own endpoints, served like the Functions host serves them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { contractAppDir, sideEffects } from "./contractApp.js";

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ appDir: contractAppDir });
});
afterAll(async () => {
  await host.dispose();
});

interface Echo {
  method: string;
  params: Record<string, string>;
  query: Record<string, string>;
  contentType: string | null;
  body: string;
  bodyHex: string;
  user: { id: string; type: string } | null;
}

describe("HTTP triggers", () => {
  it("routes /api/<route> with typed and optional parameters, query, headers, raw body and status", async () => {
    const body = '{"exact":  "bytes", "kept":true}';
    const res = await host.fetch("/api/echo/42/extra?status=201&x=%20y", { method: "POST", body, headers: { "content-type": "application/json" } });
    expect(res.status).toBe(201);
    expect(res.headers.get("x-echo")).toBe("yes");
    expect(res.headers.get("set-cookie")).toBe("seen=1; Path=/");
    const echo = (await res.json()) as Echo;
    expect(echo).toMatchObject({ method: "POST", params: { id: "42", rest: "extra" }, query: { status: "201", x: " y" }, contentType: "application/json" });
    expect(echo.body).toBe(body);
  });

  it("matches an omitted optional parameter and route literals case-insensitively", async () => {
    const echo = (await (await host.fetch("/API/Echo/7")).json()) as Echo;
    expect(echo.params).toEqual({ id: "7" });
  });

  it("answers 404 for a failed route constraint, an undeclared method or an unknown route", async () => {
    expect((await host.fetch("/api/echo/not-a-number")).status).toBe(404);
    expect((await host.fetch("/api/echo/1", { method: "DELETE" })).status).toBe(404);
    expect((await host.fetch("/api/nothing-here")).status).toBe(404);
    expect((await host.fetch("/elsewhere")).status).toBe(404);
  });

  it("passes a catch-all parameter with its slashes", async () => {
    const res = await host.fetch("/api/files/a/b/c.txt");
    expect(await res.json()).toEqual({ path: "a/b/c.txt" });
  });

  it("answers 500 when the handler throws, and keeps serving", async () => {
    expect((await host.fetch("/api/boom")).status).toBe(500);
    expect(host.logs.some((l) => l.level === "error" && l.message.includes("handler exploded"))).toBe(true);
    expect((await host.fetch("/api/echo/1")).status).toBe(200);
  });

  it("keeps binary bodies byte for byte", async () => {
    const bytes = Buffer.from([0, 255, 128, 10, 13, 0xe2, 0x82]);
    const res = await host.fetch("/api/echo/1", { method: "PUT", body: bytes, headers: { "content-type": "application/octet-stream" } });
    const echo = (await res.json()) as Echo;
    expect(echo.bodyHex).toBe(bytes.toString("hex"));
  });

  it("exposes the App Service Authentication principal as request.user", async () => {
    const principal = Buffer.from(JSON.stringify({ auth_typ: "aad", claims: [], name_typ: "name", role_typ: "roles" })).toString("base64");
    const res = await host.fetch("/api/echo/1", {
      headers: { "x-ms-client-principal": principal, "x-ms-client-principal-id": "user-1", "x-ms-client-principal-name": "ada", "x-ms-client-principal-idp": "aad" },
    });
    expect(((await res.json()) as Echo).user).toEqual({ id: "user-1", type: "AppService" });
  });

  it("answers the admin API only with the master key, and names nothing at the root", async () => {
    expect((await fetch(`${host.origin}/admin/functions`)).status).toBe(401);
    expect((await fetch(`${host.origin}/admin/functions`, { headers: { "x-functions-key": "wrong" } })).status).toBe(401);
    const root = await fetch(`${host.origin}/`);
    expect(root.status).toBe(200);
    expect(await root.text()).not.toContain("echo");
  });

  it("lists the functions with their URLs", async () => {
    const list = (await (await host.fetch("/admin/functions")).json()) as { name: string; url?: string }[];
    expect(list.find((f) => f.name === "echo")?.url).toBe(`${host.origin}/api/echo/{id:int}/{rest?}`);
    expect(list.find((f) => f.name === "eventGridSink")?.url).toBe(`${host.origin}/runtime/webhooks/eventgrid?functionName=eventGridSink`);
  });
});

describe("durable client binding", () => {
  it("lets app code start an orchestration and answer with createCheckStatusResponse pointing at this host", async () => {
    const res = await host.fetch("/api/start/sequence/via-client", { method: "POST", body: JSON.stringify(["X"]) });
    expect(res.status).toBe(202);
    const payload = (await res.json()) as { id: string; statusQueryGetUri: string };
    expect(payload.id).toBe("via-client");
    expect(res.headers.get("location")).toBe(payload.statusQueryGetUri);
    expect(payload.statusQueryGetUri.startsWith(`${host.origin}/runtime/webhooks/durabletask/instances/via-client`)).toBe(true);
    await host.settle();
    const status = (await (await host.fetch("/api/status/via-client")).json()) as { runtimeStatus: string; output: unknown };
    expect(status).toMatchObject({ runtimeStatus: "Completed", output: ["Hello X"] });
    const viaStatusUri = await fetch(payload.statusQueryGetUri);
    expect(viaStatusUri.status).toBe(200);
  });

  it("raises events through the client", async () => {
    const id = await host.startOrchestration("waiter");
    await host.settle();
    expect((await host.fetch(`/api/raise/${id}/go`, { method: "POST", body: JSON.stringify("from client") })).status).toBe(202);
    const s = await host.expectStatus(id, "Completed");
    expect(s.output).toBe("Hello from client");
  });
});

describe("Event Grid trigger webhook", () => {
  const url = "/runtime/webhooks/eventgrid?functionName=eventGridSink";

  it("completes the subscription validation handshake", async () => {
    const res = await host.fetch(url, {
      method: "POST",
      headers: { "aeg-event-type": "SubscriptionValidation", "content-type": "application/json" },
      body: JSON.stringify([
        {
          id: "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66",
          topic: "/subscriptions/xxxx",
          subject: "",
          eventType: "Microsoft.EventGrid.SubscriptionValidationEvent",
          eventTime: "2026-01-25T22:12:19.4556811Z",
          metadataVersion: "1",
          dataVersion: "1",
          data: { validationCode: "512d38b6-c7b8-40c8-89fe-f46f9e9622b6", validationUrl: "https://rp-eastus2.eventgrid.azure.net:553/x" },
        },
      ]),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ validationResponse: "512d38b6-c7b8-40c8-89fe-f46f9e9622b6" });
  });

  it("consents to the CloudEvents abuse-protection OPTIONS handshake", async () => {
    const res = await host.fetch(url, { method: "OPTIONS", headers: { "WebHook-Request-Origin": "eventgrid.azure.net", "WebHook-Request-Rate": "120" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("webhook-allowed-origin")).toBe("eventgrid.azure.net");
    expect(res.headers.get("webhook-allowed-rate")).toBe("*");
  });

  it("invokes the function once per event of a delivery and answers 202", async () => {
    const event = (id: string) => ({
      id,
      topic: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/myacr",
      subject: "orders-api:1.4.2",
      eventType: "Microsoft.ContainerRegistry.ImagePushed",
      eventTime: "2026-03-01T10:00:00.6549614Z",
      dataVersion: "1.0",
      metadataVersion: "1",
      data: { action: "push", target: { repository: "orders-api", tag: "1.4.2", digest: "sha256:abc" } },
    });
    const res = await host.fetch(url, {
      method: "POST",
      headers: { "aeg-event-type": "Notification", "content-type": "application/json" },
      body: JSON.stringify([event("e-1"), event("e-2")]),
    });
    expect(res.status).toBe(202);
    const seen = sideEffects().filter((e) => e.activity === "eventGridSink").map((e) => e.id);
    expect(seen).toEqual(expect.arrayContaining(["e-1", "e-2"]));
  });

  it("accepts a CloudEvents structured delivery", async () => {
    const res = await host.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/cloudevents+json; charset=utf-8" },
      body: JSON.stringify({ specversion: "1.0", id: "ce-1", source: "/x", type: "Microsoft.ContainerRegistry.ImagePushed", subject: "a:1", data: {} }),
    });
    expect(res.status).toBe(202);
    expect(sideEffects().some((e) => e.id === "ce-1" && e.type === "Microsoft.ContainerRegistry.ImagePushed")).toBe(true);
  });

  it("answers 500 when the function fails, so Event Grid retries", async () => {
    const res = await host.fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify([{ id: "bad", subject: "explode", eventType: "X", data: {} }]) });
    expect(res.status).toBe(500);
  });

  it("rejects unknown functions (404), other content types (415) and malformed bodies (400)", async () => {
    const json = { "content-type": "application/json" };
    expect((await host.fetch("/runtime/webhooks/eventgrid?functionName=nope", { method: "POST", headers: json, body: "[]" })).status).toBe(404);
    expect((await host.fetch(url, { method: "POST", headers: json, body: "{not json" })).status).toBe(400);
    // A form or text/plain post is what a web page can send without asking: never a delivery.
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      expect((await host.fetch(url, { method: "POST", headers: { "content-type": type }, body: "[]" })).status).toBe(415);
    }
  });
});
