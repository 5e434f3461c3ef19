import { describe, expect, it } from "vitest";
import { DoorNotConfigured } from "../../shared/ingest/http/rejection.js";
import { verifyWithRotation } from "../../shared/ingest/verify/rotation.js";
import { throttleRefresh } from "../../shared/ingest/verify/throttledRefresh.js";
import { MemorySecrets } from "./fakes.js";

const names = { current: "S", previous: "S_PREVIOUS" };

describe("secret rotation", () => {
  it("offers the current and every previous secret (one per line), then re-reads once on a mismatch", async () => {
    const secrets = new MemorySecrets({ S: "new", S_PREVIOUS: "old-1\nold-2\n" });
    const offered: (readonly string[])[] = [];
    const ok = await verifyWithRotation(secrets, names, (values) => {
      offered.push(values);
      return false;
    });
    expect(ok).toBe(false);
    expect(offered).toEqual([
      ["new", "old-1", "old-2"],
      ["new", "old-1", "old-2"],
    ]);
    expect(secrets.refreshes).toBe(2);
  });

  it("treats a missing current secret as a door that is not configured", async () => {
    await expect(verifyWithRotation(new MemorySecrets({}), names, () => true)).rejects.toBeInstanceOf(DoorNotConfigured);
  });

  it("re-reads a secret at most once per interval, whatever the number of bad requests", async () => {
    const inner = new MemorySecrets({ S: "v" });
    let now = 0;
    const throttled = throttleRefresh(inner, 10_000, () => now);
    for (let i = 0; i < 50; i++) await throttled.refresh("S");
    expect(inner.refreshes).toBe(1);
    now = 10_000;
    await throttled.refresh("S");
    expect(inner.refreshes).toBe(2);
  });
});
