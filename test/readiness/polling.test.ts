import { describe, expect, it } from "vitest";
import { DEFAULT_POLLING, nextPollDelayMs } from "../../shared/readiness/polling.js";

const s = 1_000;

describe("nextPollDelayMs", () => {
  it("starts at 30 s and backs off to 2 min while no events arrive", () => {
    const delays = [0, 59, 60, 119, 120, 600, 86_400].map((waited) => nextPollDelayMs({ waitedMs: waited * s, eventsFlowing: false }) / s);
    expect(delays).toEqual([30, 30, 60, 60, 120, 120, 120]);
  });

  it("polls less often while events flow, since polling then only covers a lost event", () => {
    const delays = [0, 60, 240, 480, 86_400].map((waited) => nextPollDelayMs({ waitedMs: waited * s, eventsFlowing: true }) / s);
    expect(delays).toEqual([30, 60, 240, 300, 300]);
  });

  it("takes another policy and rejects one that would never back off", () => {
    expect(nextPollDelayMs({ waitedMs: 0, eventsFlowing: false }, { initialMs: 5 * s, maxMs: 20 * s, maxWithEventsMs: 60 * s })).toBe(5 * s);
    expect(nextPollDelayMs({ waitedMs: -10, eventsFlowing: false })).toBe(DEFAULT_POLLING.initialMs);
    expect(() => nextPollDelayMs({ waitedMs: 0, eventsFlowing: false }, { ...DEFAULT_POLLING, initialMs: 0 })).toThrow(RangeError);
  });
});
