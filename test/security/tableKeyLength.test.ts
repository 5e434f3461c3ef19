// Issue 10 point 7: ids that become table keys (GitHub delivery ids, promotion ids) of 385-512
// characters, or fewer characters that grow past 1 KiB once encoded, are stored and found again
// against Azurite (which enforces the 1 KiB key limit): no 503.
import { describe, expect, it } from "vitest";
import { MAX_ENCODED_KEY, tableKey } from "../../shared/store/tableKey.js";
import { taggedContainerPackage } from "../fixtures/ingest/github.js";
import { signGitHub } from "../ingest/signing.js";
import { OPERATOR_KEY, SECRETS, useDoorsWorld } from "./doorsWorld.js";

const world = useDoorsWorld("seckeylen");
const LENGTHS = [384, 385, 400, 450, 511, 512];

async function github(delivery: string, body: string): Promise<{ status: number; json: { promotions?: { status: string }[]; status?: string } }> {
  const res = await world.host().fetch("/api/ingest/github", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "x-github-event": "package", "x-github-delivery": delivery, "x-hub-signature-256": await signGitHub(body, SECRETS.GITHUB_WEBHOOK_SECRET) },
  });
  return { status: res.status, json: (await res.json()) as { promotions?: { status: string }[]; status?: string } };
}

describe("long ids as table keys", () => {
  it("keeps every key within the limit after encoding, whatever the characters", () => {
    for (const n of [...LENGTHS, 1, 360, 361, 2048]) {
      for (const ch of ["a", "é", "漢", "😀"]) expect(tableKey(ch.repeat(n)).length).toBeLessThanOrEqual(MAX_ENCODED_KEY);
    }
  });

  it("accepts and deduplicates GitHub deliveries with 385-512 character ids", async () => {
    const body = JSON.stringify(taggedContainerPackage("1.0.0", `sha256:${"d".repeat(64)}`));
    for (const n of LENGTHS) {
      for (const ch of ["x", "é"]) {
        const delivery = ch.repeat(n);
        const first = await github(delivery, body);
        expect([n, ch, first.status]).toEqual([n, ch, 202]);
        const again = await github(delivery, body);
        expect([n, ch, again.status, again.json.status]).toEqual([n, ch, 200, "duplicate"]);
      }
    }
  });

  it("answers 404, not 503, for promotion ids of 385-512 characters", async () => {
    for (const n of LENGTHS) {
      const id = `promo-${"p".repeat(n - 6)}`;
      const read = await world.host().fetch(`/api/promotions/${id}`, { headers: { "x-functions-key": OPERATOR_KEY } });
      expect([n, read.status]).toEqual([n, 404]);
      const abort = await world.host().fetch(`/api/promotions/${id}/abort`, {
        method: "POST",
        headers: { "x-functions-key": OPERATOR_KEY, "content-type": "application/json" },
        body: JSON.stringify({ reason: "long id" }),
      });
      expect([n, abort.status >= 400 && abort.status < 500]).toEqual([n, true]);
    }
  });
});
