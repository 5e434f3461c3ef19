// Issue 10 point 10: Teams Workflows notifications can be configured. notify.workflowWebhookSecret
// is a secret reference (not refused as an inline secret); through the real runtime the stage
// posts its notification card to the URL held in that secret.
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { digestOf, pushImage, useBatonWorld } from "../e2e/world.js";
import { useRecorder } from "./recorder.js";

const flow = useRecorder((_req, res) => res.writeHead(202).end());
const world = useBatonWorld({
  tablePrefix: "secp10",
  pipelines: { template: "      notify: { workflowWebhookSecret: E2E_TEAMS_FLOW }\n" },
  env: () => ({ E2E_TEAMS_FLOW: `http://127.0.0.1:${flow().port}/workflows/abc/triggers/manual/paths/invoke?sig=flow-signature` }),
});
let host: TestHost;
beforeAll(() => {
  ({ host } = world());
});

describe("a stage with notify.workflowWebhookSecret", () => {
  it("loads, and posts the stage's notification card to the flow", async () => {
    expect((await pushImage(host, "10.0.0", digestOf(0x10f), "2026-03-10T00:00:00Z")).status).toBe(202);
    await host.settle();
    const posted = flow().received.filter((r) => r.url.startsWith("/workflows/abc/"));
    expect(posted.length).toBeGreaterThan(0);
    const message = JSON.parse(posted[0]?.body ?? "{}") as { type?: string; attachments?: { contentType: string }[] };
    expect(message.type).toBe("message");
    expect(message.attachments?.[0]?.contentType).toBe("application/vnd.microsoft.card.adaptive");
  });
});
