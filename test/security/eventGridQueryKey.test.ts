// Issue 10 point 14: the Event Grid door prefers its key in the X-Baton-Key header; the `?key=`
// form stays (one of the delivery authentications Event Grid documents), so no log line may ever
// carry it: not the door's, not the app's, not the local host's. Through the real runtime.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { fixtureText } from "../fixtures/ingest/load.js";
import { useAzurite } from "../support/azurite.js";
import { PIPELINES, SECRETS } from "../ingest/world.js";

const azurite = useAzurite();
let host: TestHost;
const WRONG = "a-wrong-key-somebody-guessed-42";

beforeAll(async () => {
  Object.assign(process.env, {
    ...SECRETS,
    AzureWebJobsStorage: azurite().connectionString,
    BATON_PIPELINES: JSON.stringify({ pipelines: PIPELINES }),
    BATON_TABLE_PREFIX: "secqkey",
  });
  host = await startTestHost({ appDir: ".", entry: ["functions/ingestEventgrid.ts", "test/fixtures/ingest/runtimeApp.ts"] });
});
afterAll(async () => {
  await host?.dispose();
});

const post = (query: string, body: string, headers: Record<string, string> = {}) =>
  host.fetch(`/api/ingest/eventgrid${query}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

describe("the Event Grid key in the query string", () => {
  it("works, and neither the right nor a wrong key ever reaches a log line", async () => {
    const good = fixtureText("acrImagePushed.eventgrid.json");
    expect((await post(`?key=${encodeURIComponent(SECRETS.EVENTGRID_WEBHOOK_KEY)}`, good)).status).toBe(202);
    expect((await post(`?key=${WRONG}`, good)).status).toBe(401);
    expect((await post(`?key=${encodeURIComponent(SECRETS.EVENTGRID_WEBHOOK_KEY)}`, "{broken")).status).toBe(400);
    expect((await post(`?key=${encodeURIComponent(SECRETS.EVENTGRID_WEBHOOK_KEY)}&x=1`, good, { "content-type": "text/plain" })).status).toBe(415);
    await host.settle();
    expect(host.logs.length).toBeGreaterThan(0);
    const leaking = host.logs.filter((l) => l.message.includes(SECRETS.EVENTGRID_WEBHOOK_KEY) || l.message.includes(WRONG));
    expect(leaking).toEqual([]);
  });

  it("prefers the header: a right header with a wrong query key is accepted, a wrong header is not rescued by the query", async () => {
    const body = fixtureText("acrImagePushed.eventgrid.json").replace("831e1650", "831e1652");
    expect((await post(`?key=${WRONG}`, body, { "x-baton-key": SECRETS.EVENTGRID_WEBHOOK_KEY })).status).toBeLessThan(300);
    expect((await post(`?key=${encodeURIComponent(SECRETS.EVENTGRID_WEBHOOK_KEY)}`, body, { "x-baton-key": WRONG })).status).toBe(401);
  });
});
