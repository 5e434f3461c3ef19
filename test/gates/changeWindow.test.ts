import { describe, expect, it } from "vitest";
import type { ChangeWindowGate } from "../../shared/durable/activityContracts.js";
import { createEvaluateChangeWindow, evaluateChangeWindow } from "../../shared/gates/changeWindow/index.js";

const H = 3_600_000;
const D = 24 * H;

function gate(overrides: Partial<ChangeWindowGate>): ChangeWindowGate {
  return { kind: "changeWindow", name: "window", timeZone: "Europe/Amsterdam", allowed: [], blocked: [], holidays: [], maxWaitMs: 7 * D, ...overrides };
}
const at = (iso: string) => new Date(iso);
const officeHours = gate({ allowed: [{ start: "0 9 * * 1-5", durationMs: 8 * H }] });

describe("change windows in Europe/Amsterdam across the spring DST change (2026-03-29)", () => {
  it("opens at 09:00 local on both sides: 08:00Z in CET, 07:00Z in CEST", () => {
    expect(evaluateChangeWindow(officeHours, at("2026-03-27T08:30:00Z"))).toMatchObject({ open: true });
    expect(evaluateChangeWindow(officeHours, at("2026-03-27T07:59:59Z"))).toMatchObject({ open: false, nextOpenAt: "2026-03-27T08:00:00.000Z" });
    const weekend = evaluateChangeWindow(officeHours, at("2026-03-28T10:00:00Z"));
    expect(weekend).toEqual({
      open: false,
      nextOpenAt: "2026-03-30T07:00:00.000Z",
      detail: 'closed (outside every allowed window); opens 2026-03-30 09:00 Europe/Amsterdam (allowed window "0 9 * * 1-5" from 2026-03-30 09:00 Europe/Amsterdam)',
    });
    expect(evaluateChangeWindow(officeHours, at("2026-03-30T06:59:00Z"))).toMatchObject({ open: false, nextOpenAt: "2026-03-30T07:00:00.000Z" });
  });

  it("says until when an open window lasts, and closes at 17:00 local", () => {
    expect(evaluateChangeWindow(officeHours, at("2026-03-30T07:30:00Z")).detail).toBe(
      'open: inside allowed window "0 9 * * 1-5" from 2026-03-30 09:00 Europe/Amsterdam, until 2026-03-30 17:00 Europe/Amsterdam',
    );
    expect(evaluateChangeWindow(officeHours, at("2026-03-30T15:00:00Z"))).toMatchObject({ open: false, nextOpenAt: "2026-03-31T07:00:00.000Z" });
  });

  it("moves a start inside the skipped hour forward by the gap (02:30 becomes 03:30 CEST)", () => {
    const nightly = gate({ allowed: [{ start: "30 2 * * *", durationMs: H }] });
    expect(evaluateChangeWindow(nightly, at("2026-03-29T00:00:00Z"))).toMatchObject({ open: false, nextOpenAt: "2026-03-29T01:30:00.000Z" });
    expect(evaluateChangeWindow(nightly, at("2026-03-29T02:00:00Z"))).toMatchObject({ open: true });
  });

  it("starts a window in the repeated hour once, at its first occurrence (2026-10-25)", () => {
    const nightly = gate({ allowed: [{ start: "30 2 * * *", durationMs: 30 * 60_000 }] });
    expect(evaluateChangeWindow(nightly, at("2026-10-25T00:40:00Z"))).toMatchObject({ open: true });
    // 01:40Z is 02:40 CET, the second pass through 02:xx: no second window.
    expect(evaluateChangeWindow(nightly, at("2026-10-25T01:40:00Z"))).toMatchObject({ open: false, nextOpenAt: "2026-10-26T01:30:00.000Z" });
  });
});

describe("change windows in America/New_York", () => {
  const mornings = gate({ timeZone: "America/New_York", allowed: [{ start: "FREQ=DAILY;BYHOUR=9", durationMs: H }] });

  it("keeps an RRULE window at 09:00 local across the autumn change (2026-11-01)", () => {
    expect(evaluateChangeWindow(mornings, at("2026-10-31T13:30:00Z"))).toMatchObject({ open: true });
    expect(evaluateChangeWindow(mornings, at("2026-10-31T14:30:00Z"))).toMatchObject({ open: false, nextOpenAt: "2026-11-01T14:00:00.000Z" });
  });

  it("and across the spring change (2026-03-08)", () => {
    expect(evaluateChangeWindow(mornings, at("2026-03-07T14:00:00Z"))).toMatchObject({ open: true });
    expect(evaluateChangeWindow(mornings, at("2026-03-07T15:00:00Z"))).toMatchObject({ open: false, nextOpenAt: "2026-03-08T13:00:00.000Z" });
  });

  it("reads a six-field cron with seconds", () => {
    const g = gate({ timeZone: "America/New_York", allowed: [{ start: "30 0 9 * * *", durationMs: H }] });
    expect(evaluateChangeWindow(g, at("2026-07-01T12:00:00Z"))).toMatchObject({ open: false, nextOpenAt: "2026-07-01T13:00:30.000Z" });
  });
});

describe("blocked windows and holidays win over allowed windows", () => {
  it("closes on a holiday date in the gate's zone and opens on the next working day", () => {
    const g = gate({ ...officeHours, holidays: ["2026-12-25"] });
    expect(evaluateChangeWindow(g, at("2026-12-25T09:00:00Z"))).toEqual({
      open: false,
      nextOpenAt: "2026-12-28T08:00:00.000Z",
      detail: 'closed (holiday 2026-12-25 in Europe/Amsterdam); opens 2026-12-28 09:00 Europe/Amsterdam (allowed window "0 9 * * 1-5" from 2026-12-28 09:00 Europe/Amsterdam)',
    });
  });

  it("takes the holiday's midnight in the zone, not in UTC", () => {
    const g = gate({ holidays: ["2026-12-24"] });
    expect(evaluateChangeWindow(g, at("2026-12-23T22:59:00Z"))).toMatchObject({ open: true });
    expect(evaluateChangeWindow(g, at("2026-12-23T23:30:00Z"))).toMatchObject({ open: false, nextOpenAt: "2026-12-24T23:00:00.000Z" });
  });

  it("cuts a blocked window out of an allowed one and reopens when it ends", () => {
    const g = gate({ ...officeHours, blocked: [{ start: "0 12 * * 3", durationMs: 2 * H }] });
    expect(evaluateChangeWindow(g, at("2026-04-01T08:00:00Z")).detail).toContain("until 2026-04-01 12:00 Europe/Amsterdam");
    expect(evaluateChangeWindow(g, at("2026-04-01T10:30:00Z"))).toEqual({
      open: false,
      nextOpenAt: "2026-04-01T12:00:00.000Z",
      detail: 'closed (blocked window "0 12 * * 3" from 2026-04-01 12:00 Europe/Amsterdam); opens 2026-04-01 14:00 Europe/Amsterdam (allowed window "0 9 * * 1-5" from 2026-04-01 09:00 Europe/Amsterdam)',
    });
  });

  it("treats an empty allowed list as always allowed unless blocked (a year-end freeze by RRULE)", () => {
    expect(evaluateChangeWindow(gate({}), at("2026-06-01T03:00:00Z"))).toMatchObject({ open: true });
    const freeze = gate({ blocked: [{ start: "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20", durationMs: 14 * D }] });
    expect(evaluateChangeWindow(freeze, at("2026-12-19T12:00:00Z"))).toMatchObject({ open: true });
    expect(evaluateChangeWindow(freeze, at("2026-12-22T12:00:00Z"))).toMatchObject({ open: false, nextOpenAt: "2027-01-02T23:00:00.000Z" });
  });
});

describe("RRULE forms and the search horizon", () => {
  it("counts INTERVAL from a local DTSTART", () => {
    const fortnightly = gate({ allowed: [{ start: "DTSTART:20260105T100000 RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", durationMs: 2 * H }] });
    // Monday 2026-03-30 is 12 weeks after 2026-01-05: a window week; 2026-04-06 is not.
    expect(evaluateChangeWindow(fortnightly, at("2026-03-30T08:30:00Z"))).toMatchObject({ open: true });
    expect(evaluateChangeWindow(fortnightly, at("2026-03-31T08:30:00Z"))).toMatchObject({ open: false, nextOpenAt: "2026-04-13T08:00:00.000Z" });
  });

  it("answers without nextOpenAt when nothing opens within the horizon", () => {
    const never = gate({ allowed: [{ start: "DTSTART:20300101T090000 RRULE:FREQ=YEARLY;COUNT=1", durationMs: H }] });
    expect(evaluateChangeWindow(never, at("2026-01-01T00:00:00Z"))).toEqual({
      open: false,
      detail: "closed (outside every allowed window); no allowed time within the next 366 days",
    });
  });

  it("runs as an activity over the ISO instant the orchestrator passes", async () => {
    const evaluate = createEvaluateChangeWindow({ horizonMs: 2 * D });
    await expect(evaluate({ gate: officeHours, at: "2026-03-28T10:00:00Z" })).resolves.toMatchObject({ open: false, nextOpenAt: "2026-03-30T07:00:00.000Z" });
    await expect(evaluate({ gate: officeHours, at: "2026-03-27T20:00:00Z" })).resolves.not.toHaveProperty("nextOpenAt");
  });
});
