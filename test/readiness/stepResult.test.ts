import { describe, expect, it } from "vitest";
import { errored, failed, isSettled, nextMove, running, succeeded } from "../../shared/steps/result.js";

describe("StepResult", () => {
  it("builds the four outcomes as plain JSON", () => {
    const all = [succeeded({ at: "x" }), running(30_000, "still at an older revision"), failed("ReconciliationFailed: boom"), errored("not found")];
    expect(JSON.parse(JSON.stringify(all))).toEqual([
      { status: "succeeded", value: { at: "x" } },
      { status: "running", retryAfterMs: 30_000, detail: "still at an older revision" },
      { status: "failed", reason: "ReconciliationFailed: boom" },
      { status: "errored", reason: "not found", retryable: true },
    ]);
    expect(all.map(isSettled)).toEqual([true, false, true, false]);
  });

  it("refuses a delay that cannot become a timer", () => {
    expect(() => running(-1, "x")).toThrow(RangeError);
    expect(() => running(Number.NaN, "x")).toThrow(/retryAfterMs/);
  });

  it("tells the orchestrator its next move, re-checking errored results after their own delay", () => {
    expect(nextMove(succeeded(1), 5_000)).toEqual({ move: "proceed", value: 1 });
    expect(nextMove(failed("no"), 5_000)).toEqual({ move: "stop", reason: "no" });
    expect(nextMove(running(30_000, "wait"), 5_000)).toEqual({ move: "recheck", afterMs: 30_000, detail: "wait", troubled: false });
    expect(nextMove(errored("down"), 5_000)).toEqual({ move: "recheck", afterMs: 5_000, detail: "down", troubled: true });
  });
});
