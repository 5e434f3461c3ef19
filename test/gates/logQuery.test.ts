import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogQueryGate } from "../../shared/durable/activityContracts.js";
import { createRunLogQuery } from "../../shared/gates/logQuery/index.js";
import { queryError, singleValue, startFakeLogAnalytics, type FakeLogAnalytics, type FakeQueryAnswer } from "../support/fakeLogAnalytics.js";

const WORKSPACE = "5f0a4c1e-7d2b-4a55-9a3c-0b9e6d1f2a77";
const now = new Date("2026-04-01T10:00:00Z");
let fake: FakeLogAnalytics;

beforeAll(async () => {
  fake = await startFakeLogAnalytics();
});
afterAll(() => fake.close());

const gate = (overrides: Partial<LogQueryGate> = {}): LogQueryGate => ({
  kind: "logQuery",
  name: "errors",
  workspaceId: WORKSPACE,
  query: 'AppRequests | where Success == false and AppRoleName == "web-prod" | summarize failures = count()',
  operator: "lt",
  threshold: 5,
  evaluations: 3,
  intervalMs: 300_000,
  windowMs: 900_000,
  mode: "consecutive",
  deadlineMs: 3_600_000,
  ...overrides,
});

async function evaluate(answer: FakeQueryAnswer, overrides: Partial<LogQueryGate> = {}) {
  fake.answer(WORKSPACE, answer);
  const run = createRunLogQuery({ credential: fake.credential, clientOptions: { httpClient: fake.httpClient }, now: () => now });
  return run({ gate: gate(overrides) });
}

describe("runLogQuery against the fake Log Analytics endpoint, through the real SDK", () => {
  it("queries the workspace over the window ending now and compares the single number", async () => {
    const result = await evaluate(singleValue("failures", "long", 3));
    expect(result).toEqual({
      status: "succeeded",
      value: { value: 3, passed: true, detail: "failures = 3 from 2026-04-01T09:45:00.000Z to 2026-04-01T10:00:00.000Z; meets < 5" },
    });
    expect(fake.queries.at(-1)).toEqual({ workspaceId: WORKSPACE, query: gate().query, timespan: "2026-04-01T09:45:00.000Z/2026-04-01T10:00:00.000Z" });
  });

  it("reports a failing comparison as an evaluation that ran and did not pass", async () => {
    expect(await evaluate(singleValue("failures", "long", 7))).toMatchObject({ status: "succeeded", value: { value: 7, passed: false, detail: expect.stringContaining("does not meet < 5") as string } });
    expect(await evaluate(singleValue("p95", "real", 250.5), { operator: "le", threshold: 250.5 })).toMatchObject({ value: { passed: true } });
    expect(await evaluate(singleValue("ratio", "decimal", "0.25"), { operator: "gt", threshold: 0.3 })).toMatchObject({ value: { value: 0.25, passed: false } });
  });

  it.each([
    ["two columns", { status: 200, body: { tables: [{ name: "PrimaryResult", columns: [{ name: "a", type: "long" }, { name: "b", type: "long" }], rows: [[1, 2]] }] } }, "expected one column, got 2 (a, b)"],
    ["two rows", { status: 200, body: { tables: [{ name: "PrimaryResult", columns: [{ name: "n", type: "long" }], rows: [[1], [2]] }] } }, "expected one row, got 2"],
    ["no table", { status: 200, body: { tables: [] } }, "expected one result table, got 0"],
    ["a string column", singleValue("name", "string", "web"), "expected a numeric column, got name of type string"],
    ["a null value", singleValue("avg_duration", "real", null), "wrap it in coalesce(..., 0)"],
  ])("fails (configuration) on %s", async (_, answer, message) => {
    expect(await evaluate(answer)).toMatchObject({ status: "failed", reason: expect.stringContaining(message) as string });
  });

  it("fails with the service's message on a bad query or no access", async () => {
    const bad = await evaluate(queryError(400, "BadArgumentError", "The request had some invalid properties", { code: "SemanticError", message: "'where' operator: Failed to resolve table or column expression named 'AppRequestz'" }));
    expect(bad).toEqual({
      status: "failed",
      reason: "log query gate errors (workspace 5f0a4c1e-7d2b-4a55-9a3c-0b9e6d1f2a77): Log Analytics refused the query (400: BadArgumentError: The request had some invalid properties: 'where' operator: Failed to resolve table or column expression named 'AppRequestz')",
    });
    const denied = await evaluate(queryError(403, "InsufficientAccessError", "The provided credentials have insufficient access to perform the requested operation"));
    expect(denied).toMatchObject({ status: "failed", reason: expect.stringContaining("grant Baton's identity Log Analytics Reader") as string });
  });

  it("errors (retryable) on throttling, server errors and partial results", async () => {
    expect(await evaluate({ ...queryError(429, "ThrottledError", "Too many requests"), headers: { "retry-after": "10" } })).toMatchObject({ status: "errored", retryable: true, reason: expect.stringContaining("answered 429") as string });
    expect(await evaluate(queryError(503, "ServiceUnavailableError", "The service is unavailable"))).toMatchObject({ status: "errored", reason: expect.stringContaining("answered 503") as string });
    const partial = { status: 200, body: { ...(singleValue("failures", "long", 1).body as object), error: { code: "PartialError", message: "Query result exceeded the limit" } } };
    expect(await evaluate(partial)).toMatchObject({ status: "errored", reason: expect.stringContaining("partial results (PartialError") as string });
  });
});
