// Timer triggers on the host clock: NCRONTAB with seconds, and the payload the host sends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSchedule } from "../../local/timer/schedule.js";
import { startTestHost, type TestHost } from "../../local/testing.js";
import { contractAppDir, sideEffects } from "./contractApp.js";

describe("schedules", () => {
  it("reads six-field NCRONTAB and TimeSpan schedules, and refuses five-field cron", () => {
    const t0 = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseSchedule("0 */5 * * * *").next(t0) - t0).toBe(5 * 60_000);
    expect(parseSchedule("30 0 9 * * 1-5").next(t0)).toBe(Date.UTC(2026, 0, 1, 9, 0, 30));
    expect(parseSchedule("00:10:00").next(t0) - t0).toBe(600_000);
    expect(parseSchedule("1.00:00:00").next(t0) - t0).toBe(86_400_000);
    expect(() => parseSchedule("*/5 * * * *")).toThrow(/six fields/);
  });
});

describe("timer triggers", () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({ appDir: contractAppDir });
  });
  afterAll(async () => {
    await host.dispose();
  });

  it("fires on schedule with the timer payload, camel-cased by the library", async () => {
    const ticks = () => sideEffects().filter((e) => e.activity === "tick") as unknown as { isPastDue: boolean; next: string }[];
    await host.advance(4 * 60_000);
    expect(ticks()).toHaveLength(0);
    await host.advance(60_000);
    expect(ticks()).toHaveLength(1);
    expect(ticks()[0]).toEqual({ activity: "tick", isPastDue: false, next: new Date(Date.UTC(2026, 0, 1, 0, 10)).toISOString() });
    await host.advance(5 * 60_000);
    expect(ticks()).toHaveLength(2);
    expect(host.functions.find((f) => f.name === "tick")?.trigger).toBe("timerTrigger (0 */5 * * * *)");
  });
});
