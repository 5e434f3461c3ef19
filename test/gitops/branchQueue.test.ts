import { describe, expect, it } from "vitest";
import { BranchQueue } from "../../shared/gitops/branchQueue.js";

describe("BranchQueue", () => {
  it("runs tasks for one key one after another, other keys independently, and survives failures", async () => {
    const queue = new BranchQueue();
    const events: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = queue.run("repo#main", () => new Promise<string>((resolve) => (releaseFirst = () => resolve("first"))).then((v) => (events.push("first done"), v)));
    const failing = queue.run("repo#main", () => (events.push("second start"), Promise.reject(new Error("boom"))));
    const third = queue.run("repo#main", () => (events.push("third start"), Promise.resolve("third")));
    const other = queue.run("repo#other", () => (events.push("other start"), Promise.resolve("other")));
    expect(await other).toBe("other");
    expect(events).toEqual(["other start"]);
    releaseFirst();
    expect(await first).toBe("first");
    await expect(failing).rejects.toThrow("boom");
    expect(await third).toBe("third");
    expect(events).toEqual(["other start", "first done", "second start", "third start"]);
  });
});
