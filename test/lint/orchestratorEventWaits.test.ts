// Raw external-event waits lose events (orchestrations/events/inbox.ts says why), so only the
// inbox may wait: prove the lint rule bites every way of reaching waitForExternalEvent in
// orchestrations/, and that the inbox itself and activities are left alone.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

async function lint(file: string, source: string): Promise<string[]> {
  const path = join(root, file);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, source);
  try {
    const [result] = await new ESLint({ cwd: root }).lintFiles([path]);
    return (result?.messages ?? []).map((m) => `${m.ruleId ?? "parse"}: ${m.message}`);
  } finally {
    rmSync(path, { force: true });
  }
}

const raw = `
import type { OrchestrationContext } from "durable-functions";
export function* probe(ctx: OrchestrationContext) {
  const a: unknown = yield ctx.df.waitForExternalEvent("ops.command");
  const b: unknown = yield ctx.df["waitForExternalEvent"]("approval.vote");
  const { waitForExternalEvent } = ctx.df;
  return [a, b, waitForExternalEvent];
}
`;

const rule = /no-restricted-syntax: Wait for events through the orchestration inbox/;

describe("the event-wait lint rule", { timeout: 240_000 }, () => {
  it("reports raw waits, computed access and destructuring in orchestrations/", async () => {
    const messages = await lint(`orchestrations/stage/lintProbe${process.pid}.ts`, raw);
    expect(messages.filter((m) => rule.test(m))).toHaveLength(3);
  });

  it("allows the inbox, and only the inbox, to wait", async () => {
    const inbox = readFileSync(join(root, "orchestrations/events/inbox.ts"), "utf8");
    expect(inbox).toContain("ctx.df.waitForExternalEvent(");
    const [result] = await new ESLint({ cwd: root }).lintFiles([join(root, "orchestrations/events/inbox.ts")]);
    expect(result?.messages ?? []).toEqual([]);
    expect((await lint(`orchestrations/events/lintProbe${process.pid}.ts`, raw)).filter((m) => rule.test(m))).toHaveLength(3);
  });
});
