// Baton's own CI/CD: GitHub Actions and Azure Pipelines run the same test entry point (.ci/run)
// and deploy with azd through federated credentials, with no stored secret.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./templates.js";

const read = (path: string) => readFileSync(join(repoRoot, path), "utf8");
type Step = { run?: string; uses?: string; script?: string; task?: string; inputs?: Record<string, string> };

describe("CI/CD definitions", () => {
  it("GitHub Actions: tests run .ci/run on pull requests, within 30 minutes", () => {
    const ci = parse(read(".github/workflows/ci.yml")) as { on: Record<string, unknown>; jobs: Record<string, { "timeout-minutes": number; steps: Step[] }> };
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(["pull_request", "workflow_call"]));
    expect(ci.jobs.test?.["timeout-minutes"]).toBeLessThanOrEqual(30);
    expect(ci.jobs.test?.steps.some((s) => s.run === ".ci/run")).toBe(true);
  });

  it("GitHub Actions: deploys after the tests with azd and OIDC, never with a stored secret", () => {
    const text = read(".github/workflows/deploy.yml");
    const deploy = parse(text) as { permissions: Record<string, string>; jobs: Record<string, { needs?: string; uses?: string; steps?: Step[] }> };
    expect(deploy.permissions["id-token"]).toBe("write");
    expect(deploy.jobs.test?.uses).toBe("./.github/workflows/ci.yml");
    expect(deploy.jobs.deploy?.needs).toBe("test");
    const runs = (deploy.jobs.deploy?.steps ?? []).map((s) => s.run ?? "").join("\n");
    expect(runs).toContain("--federated-credential-provider github");
    expect(runs).toMatch(/azd provision --no-prompt[\s\S]*azd deploy --no-prompt/);
    expect(text).not.toMatch(/secrets\.|client-secret|AZURE_CREDENTIALS/);
  });

  it("Azure Pipelines: the same tests, then azd through a workload-identity service connection", () => {
    const text = read("azure-pipelines.yml");
    const pipeline = parse(text) as { pr: unknown; stages: { stage: string; jobs: { steps?: Step[]; strategy?: { runOnce: { deploy: { steps: Step[] } } } }[] }[] };
    expect(pipeline.pr).toBeDefined();
    const test = pipeline.stages.find((s) => s.stage === "test");
    expect(test?.jobs[0]?.steps?.some((s) => s.script === ".ci/run")).toBe(true);
    const steps = pipeline.stages.find((s) => s.stage === "deploy")?.jobs[0]?.strategy?.runOnce.deploy.steps ?? [];
    const scripts = steps.map((s) => s.inputs?.inlineScript ?? s.script ?? "").join("\n");
    expect(scripts).toMatch(/azd provision --no-prompt[\s\S]*azd deploy --no-prompt/);
    expect(steps.filter((s) => s.task === "AzureCLI@2").every((s) => s.inputs?.azureSubscription === "azconnection")).toBe(true);
    expect(text).not.toMatch(/clientSecret|client-secret|\$\(AZURE_CLIENT_SECRET\)/);
  });

  it(".ci/run runs the README's test command and, at the same time, the suite under Node 22; both must pass", () => {
    const run = read(".ci/run");
    expect(read("README.md")).toContain("npm ci && npm test");
    expect(run).toMatch(/^\.ci\/node22 >"\$node22_log" 2>&1 &$/m);
    expect(run).toMatch(/^npm test \|\| node20_status=\$\?$/m);
    expect(run).toMatch(/^wait "\$node22_pid" \|\| node22_status=\$\?$/m);
    expect(run.trimEnd().split("\n").at(-1)).toBe('[ "$node20_status" -eq 0 ] && [ "$node22_status" -eq 0 ]');
    expect(read(".ci/node22")).toContain("node@22");
  });
});
