// Issue 11 section 5: an app that calls app.setup({ enableHttpStream: true }) gets streamed HTTP
// responses and request bodies on the local host, as @azure/functions does under the real host
// (it runs its own proxy server and the host forwards each request there).
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../../local/testing.js";

const appDir = fileURLToPath(new URL("./apps/streaming", import.meta.url));
let host: TestHost;
const gates = new Map<number, () => void>();
const waiting = new Map<number, () => void>();

beforeAll(async () => {
  // The app awaits this between chunks; the test opens each gate after reading the chunk before it.
  (globalThis as { __streamGate?: (i: number) => Promise<void> }).__streamGate = (i) =>
    new Promise<void>((resolve) => {
      gates.set(i, resolve);
      waiting.get(i)?.();
    });
  host = await startTestHost({ appDir });
});
afterAll(async () => {
  await host?.dispose();
});

const decoder = new TextDecoder();

describe("HTTP streaming", () => {
  it("relays the response as the function writes it", async () => {
    const res = await host.fetch("/api/chunks/3");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-streamed")).toBe("yes");
    const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = res.body?.getReader();
    if (!reader) throw new Error("no body");
    let text = "";
    for (let i = 0; i < 3; i++) {
      // Read until chunk i arrived; chunk i+1 cannot exist before its gate opens.
      while (!text.includes(`chunk ${i}\n`)) {
        const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
        if (chunk.done) break;
        text += decoder.decode(chunk.value);
      }
      expect(text).toBe(Array.from({ length: i + 1 }, (_, k) => `chunk ${k}\n`).join(""));
      if (i < 2) {
        if (!gates.has(i)) await new Promise<void>((resolve) => waiting.set(i, resolve));
        gates.get(i)?.();
      }
    }
    expect((await reader.read()).done).toBe(true);
  });

  it("streams the request body to the function, with query and headers", async () => {
    const body = new Uint8Array(3 * 1024 * 1024).fill(7);
    const res = await host.fetch("/api/upload?q=yes", { method: "POST", headers: { "x-test": "h" }, body });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ bytes: body.length, query: "yes", header: "h" });
  });

  it("answers 204 when the function returns nothing and 500 when it throws, without hanging", async () => {
    expect((await host.fetch("/api/nothing")).status).toBe(204);
    expect((await host.fetch("/api/fails")).status).toBe(500);
    expect(host.logs.some((l) => l.message.includes("streaming handler exploded"))).toBe(true);
  });
});
