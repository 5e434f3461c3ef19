// An app with HTTP streaming on (`app.setup({ enableHttpStream: true })`): a response body written
// in pieces, a request body read as a stream, and an ordinary JSON answer.
import { Readable } from "node:stream";
import { app } from "@azure/functions";

app.setup({ enableHttpStream: true });

app.http("chunks", {
  route: "chunks/{count:int}",
  methods: ["GET"],
  handler: async (request) => {
    const count = Number(request.params.count);
    const g = globalThis;
    async function* pieces() {
      for (let i = 0; i < count; i++) {
        yield `chunk ${i}\n`;
        // Waits for the test to read the chunk before writing the next: proves it streams.
        if (i < count - 1 && g.__streamGate) await g.__streamGate(i);
      }
    }
    return { status: 200, headers: { "content-type": "text/plain", "x-streamed": "yes" }, body: Readable.from(pieces()) };
  },
});

app.http("upload", {
  route: "upload",
  methods: ["POST"],
  handler: async (request) => {
    let bytes = 0;
    for await (const chunk of request.body ?? []) bytes += chunk.length;
    return { status: 201, jsonBody: { bytes, query: request.query.get("q"), header: request.headers.get("x-test") } };
  },
});

app.http("nothing", { route: "nothing", methods: ["GET"], handler: () => undefined });

app.http("fails", {
  route: "fails",
  methods: ["GET"],
  handler: () => {
    throw new Error("streaming handler exploded");
  },
});
