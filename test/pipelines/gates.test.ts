import { describe, expect, it } from "vitest";
import { readPipelineTrust } from "../../shared/config/pipelineTrust.js";
import { load, MINIMAL, problemsOf } from "./problems.js";
import { TEST_TRUST_ENV } from "./trust.js";

/** MINIMAL with one stage `prod` whose gates are `gates` (YAML list items at 10 spaces; line 17 on). */
const withGates = (gates: string) => `${MINIMAL}    stages:\n      - name: prod\n        gates:\n${gates}`;
const gatesOf = (text: string) => load(text).pipelines[0]?.stages[0]?.gates;

describe("logQuery, workflow and changeWindow gates in the pipelines file", () => {
  it("fills in the defaults and pins milliseconds", () => {
    const gates = gatesOf(
      withGates(`          - { kind: logQuery, workspaceId: 3c9d7e2a-5b1f-4e8c-9a6d-2f0b1c4d5e6f, query: "AppRequests | summarize n = count()", operator: lt, threshold: 5 }
          - { kind: workflow, repository: acme/e2e, workflow: e2e.yml, ref: main, inputs: { env: "{stage}", promotion: "{promotionId}", sha: "{commit}" }, auth: { kind: none } }
          - { kind: changeWindow, timeZone: Europe/Amsterdam, allowed: [{ start: "0 9 * * 1-5", duration: 8h }], holidays: ["2026-12-25"] }
`),
    );
    expect(gates).toEqual([
      { kind: "logQuery", name: "log-query", workspaceId: "3c9d7e2a-5b1f-4e8c-9a6d-2f0b1c4d5e6f", query: "AppRequests | summarize n = count()", operator: "lt", threshold: 5, evaluations: 3, intervalMs: 300_000, windowMs: 900_000, mode: "consecutive", deadlineMs: 3_600_000 },
      { kind: "workflow", name: "workflow", repository: "acme/e2e", workflow: "e2e.yml", ref: "main", inputs: { env: "prod", promotion: "{promotionId}", sha: "{commit}" }, auth: { kind: "none" }, pollIntervalMs: 60_000, timeoutMs: 3_600_000 },
      { kind: "changeWindow", name: "change-window", timeZone: "Europe/Amsterdam", allowed: [{ start: "0 9 * * 1-5", durationMs: 28_800_000 }], blocked: [], holidays: ["2026-12-25"], maxWaitMs: 604_800_000 },
    ]);
  });

  it("checks a log query gate's workspace and that its evaluations fit the deadline", () => {
    expect(problemsOf(withGates(`          - { kind: logQuery, workspaceId: prod-logs, query: q, operator: lt, threshold: 1, evaluations: 5, interval: 15m, deadline: 1h }\n`))).toEqual([
      ".baton/pipelines.yaml:17:134: pipelines[0].stages[0].gates[0].deadline: expected deadline to be at least evaluations × interval (5 × 15m), or the gate could never pass",
    ]);
    expect(problemsOf(withGates(`          - { kind: logQuery, workspaceId: prod-logs, query: q, operator: below, threshold: 1 }\n`))).toEqual([
      expect.stringMatching(/^\.baton\/pipelines\.yaml:17:\d+: pipelines\[0\]\.stages\[0\]\.gates\[0\]\.operator: /),
    ]);
    expect(problemsOf(withGates(`          - { kind: logQuery, workspaceId: prod-logs, query: q, operator: lt, threshold: 1 }\n`))).toEqual([
      ".baton/pipelines.yaml:17:44: pipelines[0].stages[0].gates[0].workspaceId: expected the Log Analytics workspace id (a GUID, from the workspace's Overview)",
    ]);
  });

  it("requires a workflow gate's own auth and checks its repository, workflow and unknown placeholders", () => {
    expect(problemsOf(withGates(`          - { kind: workflow, repository: acme/e2e, workflow: e2e.yml, ref: main }\n`))).toEqual([
      ".baton/pipelines.yaml:17:13: pipelines[0].stages[0].gates[0].auth: expected the workflow gate's own auth: { kind: token, tokenSecret: NAME }, { kind: github-app, appId, installationId, privateKeySecret } or { kind: none }",
    ]);
    const bad = `          - { kind: workflow, repository: e2e, workflow: e2e, ref: main, inputs: { who: "{author}" }, auth: { kind: basic, username: u, passwordSecret: P } }\n`;
    expect(problemsOf(withGates(bad))).toEqual([
      ".baton/pipelines.yaml:17:58: pipelines[0].stages[0].gates[0].workflow: expected the workflow's file name in .github/workflows (smoke.yml) or its numeric id",
      expect.stringMatching(/^\.baton\/pipelines\.yaml:17:\d+: pipelines\[0\]\.stages\[0\]\.gates\[0\]\.auth\.kind: /),
    ]);
    const placeholders = `          - { kind: workflow, repository: e2e, workflow: e2e.yml, ref: main, inputs: { who: "{author}" }, auth: { kind: none } }\n`;
    expect(problemsOf(withGates(placeholders))).toEqual([
      ".baton/pipelines.yaml:17:43: pipelines[0].stages[0].gates[0].repository: expected owner/name of the GitHub repository holding the workflow",
      ".baton/pipelines.yaml:17:93: pipelines[0].stages[0].gates[0].inputs.who: unknown placeholder {author}: use {stage} or {pipeline}",
    ]);
  });

  it("checks a change window's time zone, cron and RRULE starts and holiday dates", () => {
    const bad = `          - kind: changeWindow
            timeZone: Europe/Amsterdm
            allowed: [{ start: "0 25 * * *", duration: 1h }, { start: "FREQ=SOMETIMES;BYHOUR=9", duration: 1h }]
            blocked: [{ start: "0 9 * *", duration: 1h }]
            holidays: ["2026-02-30", "25-12-2026"]
`;
    expect(problemsOf(withGates(bad))).toEqual([
      '.baton/pipelines.yaml:18:23: pipelines[0].stages[0].gates[0].timeZone: expected an IANA time zone such as Europe/Amsterdam or America/New_York, got "Europe/Amsterdm"',
      ".baton/pipelines.yaml:19:32: pipelines[0].stages[0].gates[0].allowed[0].start: expected a valid cron expression: Constraint error, got value 25 expected range 0-23",
      ".baton/pipelines.yaml:19:71: pipelines[0].stages[0].gates[0].allowed[1].start: expected a valid RRULE: expected FREQ= one of YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY, SECONDLY in the RRULE",
      ".baton/pipelines.yaml:20:32: pipelines[0].stages[0].gates[0].blocked[0].start: expected a valid cron expression: expected a cron expression of five fields (minute hour day month weekday) or six (with seconds first), got 4",
      '.baton/pipelines.yaml:21:24: pipelines[0].stages[0].gates[0].holidays[0]: expected a date that exists, got "2026-02-30"',
      '.baton/pipelines.yaml:21:38: pipelines[0].stages[0].gates[0].holidays[1]: expected a date as YYYY-MM-DD, got "25-12-2026"',
    ]);
  });
});

describe("azurePipelines gates in the pipelines file", () => {
  it("fills in the defaults, keeps {commit} and {promotionId} for the run, and pins milliseconds", () => {
    const gates = gatesOf(
      withGates(`          - { kind: azurePipelines, organization: contoso, project: Platform, pipelineId: 17, ref: main, templateParameters: { env: "{stage}", promotion: "{promotionId}", sha: "{commit}" }, auth: { kind: pat, tokenSecret: AZDO_PAT } }
          - { kind: azurePipelines, name: soak-tests, organization: contoso, project: "Platform Team", pipelineId: 18, ref: refs/heads/release, pinCommit: false, auth: { kind: entra }, pollInterval: 30s, timeout: 2h }
`),
    );
    expect(gates).toEqual([
      { kind: "azurePipelines", name: "azure-pipelines", organization: "contoso", project: "Platform", pipelineId: 17, ref: "main", pinCommit: true, templateParameters: { env: "prod", promotion: "{promotionId}", sha: "{commit}" }, auth: { kind: "pat", tokenSecret: "AZDO_PAT" }, pollIntervalMs: 60_000, timeoutMs: 3_600_000 },
      { kind: "azurePipelines", name: "soak-tests", organization: "contoso", project: "Platform Team", pipelineId: 18, ref: "refs/heads/release", pinCommit: false, templateParameters: {}, auth: { kind: "entra" }, pollIntervalMs: 30_000, timeoutMs: 7_200_000 },
    ]);
  });

  it("requires the gate's own auth and checks organization, ref, pipelineId and the secret's scope", () => {
    expect(problemsOf(withGates(`          - { kind: azurePipelines, organization: contoso, project: P, pipelineId: 17, ref: main }\n`))).toEqual([
      expect.stringMatching(/gates\[0\]\.auth: expected the gate's own auth: \{ kind: pat, tokenSecret: NAME \}/),
    ]);
    expect(problemsOf(withGates(`          - { kind: azurePipelines, organization: contoso, project: P, pipelineId: 0, ref: main, auth: { kind: entra } }\n`))).toEqual([
      expect.stringMatching(/gates\[0\]\.pipelineId: expected the pipeline's id \(a positive number/),
    ]);
    expect(problemsOf(withGates(`          - { kind: azurePipelines, organization: contoso, project: P, pipelineId: 3, ref: main, auth: { kind: pat, tokenSecret: BATON_OPS_KEYS } }\n`))).toEqual([
      expect.stringMatching(/gates\[0\]\.auth\.tokenSecret: .*BATON_OPS_KEYS/),
    ]);
    expect(problemsOf(withGates(`          - { kind: azurePipelines, organization: "con toso", project: P, pipelineId: 3, ref: "main..x", auth: { kind: entra } }\n`))).toEqual([
      expect.stringMatching(/gates\[0\]\.organization: expected the Azure DevOps organization name/),
      expect.stringMatching(/gates\[0\]\.ref: expected a branch name/),
    ]);
  });

  it("refuses an apiUrl outside the allowed hosts; dev.azure.com is always allowed, like api.github.com", () => {
    const trust = readPipelineTrust({ ...TEST_TRUST_ENV, BATON_ALLOWED_HOSTS: "*.contoso.com" });
    expect(load(withGates(`          - { kind: azurePipelines, organization: contoso, project: P, pipelineId: 3, ref: main, auth: { kind: entra } }\n`), trust).pipelines).toHaveLength(1);
    expect(problemsOf(withGates(`          - { kind: azurePipelines, organization: contoso, project: P, pipelineId: 3, ref: main, apiUrl: "https://tfs.evil.example/tfs", auth: { kind: entra } }\n`))).toEqual([
      expect.stringMatching(/gates\[0\]\.apiUrl: .*tfs\.evil\.example/),
    ]);
  });
});
