// The determinism rule is a lint rule, so prove it bites: lint a probe orchestrator that does
// I/O, reads the clock and draws random numbers, and expect each to be reported.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

async function lintProbe(folder: string, source: string): Promise<string[]> {
  const dir = join(root, folder);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `lintProbe${process.pid}.ts`);
  writeFileSync(file, source);
  try {
    const [result] = await new ESLint({ cwd: root }).lintFiles([file]);
    return (result?.messages ?? []).map((m) => `${m.ruleId ?? "parse"}: ${m.message}`);
  } finally {
    rmSync(file, { force: true });
  }
}

const impure = `
import { readFileSync } from "node:fs";
import { SecretClient } from "@azure/keyvault-secrets";
import * as df from "durable-functions";
export const probe = df.app.orchestration("probe", function* (context) {
  const started = Date.now();
  const coin = Math.random();
  const now = new Date();
  const res = fetch("https://example.com");
  yield context.df.callActivity("x", { started, coin, now, res, readFileSync, SecretClient });
});
`;

// Type-aware ESLint builds a program over the whole project: minutes on a loaded 2-core machine.
describe("orchestrator determinism lint rule", { timeout: 240_000 }, () => {
  it("reports I/O imports, SDKs, clocks, randomness and fetch in orchestrations/", async () => {
    const messages = await lintProbe("orchestrations", impure);
    const text = messages.join("\n");
    expect(text).toContain("no-restricted-imports: 'node:fs' import is restricted");
    expect(text).toMatch(/no-restricted-imports: '@azure\/keyvault-secrets' import is restricted .*call an activity/);
    expect(text).toContain("no-restricted-properties: 'Date.now' is restricted");
    expect(text).toContain("no-restricted-properties: 'Math.random' is restricted");
    expect(text).toContain("no-restricted-syntax: Use context.df.currentUtcDateTime.");
    expect(text).toContain("no-restricted-globals: Unexpected use of 'fetch'");
  });

  it("leaves activities free to do I/O", async () => {
    const messages = await lintProbe("orchestrations/activities", impure);
    expect(messages.filter((m) => /no-restricted/.test(m))).toEqual([]);
  });
});
