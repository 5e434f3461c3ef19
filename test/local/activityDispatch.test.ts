// Activities dispatch like Azure's activity workers: as soon as an episode saved them and a slot
// is free, not after every other due episode of a burst (issue 13: 200 promotions in lockstep).
import { afterAll, beforeAll, expect, it } from "vitest";
import type { HookRegistration } from "../../local/core/types.js";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { contractAppDir } from "./contractApp.js";

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost({ appDir: contractAppDir });
});
afterAll(async () => {
  await host.dispose();
});

it("starts an episode's activity before the rest of a burst's first episodes have run", async () => {
  const order: string[] = [];
  const hook: HookRegistration = {
    name: "preInvocation",
    disposed: false,
    callback: (context: unknown) => {
      const name = (context as { invocationContext: { functionName: string } }).invocationContext.functionName;
      order.push(name);
    },
  };
  host.app.hooks.push(hook);
  try {
    const burst = 40;
    // All due at once, as when a burst of pushes starts many promotions together.
    const ids = Array.from({ length: burst }, (_, i) => `burst-${i}`);
    for (const id of ids) host.engine.startNew("sequence", id, JSON.stringify(["x"]));
    await host.settle();
    for (const id of ids) expect((await host.status(id)).runtimeStatus).toBe("Completed");
    const firstActivity = order.indexOf("hello");
    const firstEpisodes = order.filter((n, i) => n === "sequence" && i < firstActivity).length;
    expect(firstActivity).toBeGreaterThan(0);
    // The old scheduler ran all 40 first episodes before any activity.
    expect(firstEpisodes).toBeLessThan(burst / 2);
  } finally {
    hook.disposed = true;
  }
});
