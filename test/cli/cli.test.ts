// The `baton` CLI against the real local runtime (local/testing.ts) with a named ops key: status,
// a live watch from dev to prod (exit code by outcome), show, promotions by outcome, pause and
// resume, holds, refusals as the API words them, DORA, and one console line per step transition.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { TestHost } from "../../local/testing.js";
import { run } from "../../cli/program.js";
import type { GitServer } from "../support/gitServer.js";
import { APPROVER, OPS_KEY, digestOf, fluxReconcilesHead, opsCall, promotionId, pushImage, statusOf, stageId, useBatonWorld } from "../e2e/world.js";

const world = useBatonWorld({ tablePrefix: "clitest" });
let host: TestHost;
let server: GitServer;
// An empty config file, so a developer's own ~/.config/baton/config.json never leaks in.
const CONFIG = join(mkdtempSync(join(tmpdir(), "baton-cli-")), "config.json");
beforeAll(() => {
  ({ host, server } = world());
  writeFileSync(CONFIG, "{}");
});

interface Ran {
  code: number;
  out: string;
  err: string;
}

/** Runs `baton <args>` in-process; `between` runs at each poll of `watch` instead of sleeping. */
async function baton(args: string[], between?: () => Promise<void>): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { BATON_URL: host.origin, BATON_OPS_KEY: OPS_KEY, BATON_CONFIG: CONFIG },
    sleep: async () => {
      await (between ?? (() => host.settle()))();
    },
  }).catch((error: unknown) => {
    throw error;
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const digest = digestOf(0xc11);
const id = promotionId(digest);

describe("following a promotion from the terminal", () => {
  it("shows every pipeline by stage with the promotion in flight and what it waits for", async () => {
    expect((await pushImage(host, "5.0.0", digest, "2026-01-01T00:00:00Z")).status).toBe(202);
    await host.settle();
    const status = await baton(["status"]);
    expect(status.code).toBe(0);
    expect(status.out).toContain("orders-api");
    expect(status.out).toMatch(/STAGE\s+VERSION\s+DIGEST\s+SINCE/);
    expect(status.out).toContain(`in flight: 5.0.0 ${id} at dev: awaiting-ready, waiting for Kustomization flux-system/orders-api-dev on aks-dev Ready at`);
    const json = JSON.parse((await baton(["status", "--json"])).out) as { pipelines: { name: string; stages: { name: string }[] }[] };
    expect(json.pipelines[0]?.stages.map((s) => s.name)).toEqual(["dev", "staging", "pre-prod", "prod"]);
  });

  it("watches it live to prod and exits 0 when it succeeds", async () => {
    // What happens between two polls: Flux reports each stage, then an approver approves prod.
    const steps = [
      () => fluxReconcilesHead(host, server, "dev"),
      () => fluxReconcilesHead(host, server, "staging"),
      () => fluxReconcilesHead(host, server, "pre-prod"),
      async () => {
        expect((await opsCall(host, `/api/promotions/${id}/approve`, APPROVER, { reason: "CHG-7 approved" })).status).toBe(202);
        await host.settle();
      },
      () => fluxReconcilesHead(host, server, "prod"),
    ];
    const watched = await baton(["watch", id, "--interval", "50"], async () => {
      await steps.shift()?.();
      await host.settle();
    });
    expect(watched.err).toBe("");
    expect(watched.code).toBe(0);
    expect(watched.out).toMatch(/dev\s+commit\s+[0-9a-f]{7} to /);
    expect(watched.out).toContain("… running: awaiting-approval at prod, waiting for approval (0 of 1)");
    expect(watched.out).toMatch(/prod\s+approval\s+arjun@contoso.example approve: CHG-7 approved/);
    expect(watched.out.trim().split("\n").at(-1)).toBe(`${id} succeeded`);
  });

  it("shows the promotion with its timeline and audit trail, and lists it by outcome", async () => {
    const shown = await baton(["show", id]);
    expect(shown.out).toContain("state     succeeded");
    expect(shown.out).toMatch(/Timeline\n/);
    expect(shown.out).toMatch(/prod\s+flux\s+Kustomization flux-system\/orders-api-prod ready at main@sha1:/);
    expect(shown.out).toMatch(/Audit\n\s+AT\s+WHO\s+ACTION/);
    expect(shown.out).toContain("promotion.approve");
    const succeeded = await baton(["promotions", "--outcome", "succeeded"]);
    expect(succeeded.out).toMatch(new RegExp(`${id}\\s+orders-api\\s+5.0.0\\s+succeeded`));
    expect((await baton(["promotions", "--outcome", "failed,rolled-back"])).out).toBe("no promotions match");
  });

  it("prints one console line per step transition", () => {
    const lines = host.logs.map((l) => l.message).filter((m) => m.startsWith(`baton step promotion=${id} `));
    expect(lines.some((m) => /pipeline=orders-api stage=dev step=commit [0-9a-f]{7}/.test(m))).toBe(true);
    expect(lines.some((m) => m.includes("stage=prod step=approval"))).toBe(true);
    expect(lines.at(-1)).toContain("stage=- step=finished succeeded");
  });

  it("computes DORA for the period from Baton's own records", async () => {
    const dora = await baton(["dora", "--since", "2025-12-31T00:00:00Z", "--until", new Date(host.clock.now() + 3_600_000).toISOString()]);
    expect(dora.code).toBe(0);
    expect(dora.out).toMatch(/orders-api\s+1\s+/);
    const json = JSON.parse((await baton(["dora", "--pipeline", "orders-api", "--since", "2025-12-31T00:00:00Z", "--until", "2026-06-01T00:00:00Z", "--json"])).out) as { overall: { deployments: number; changeFailureRate: number } };
    expect(json.overall).toMatchObject({ deployments: 1, changeFailureRate: 0 });
  });
});

describe("steering from the terminal", () => {
  const second = digestOf(0xc12);
  const secondId = promotionId(second);

  it("pauses and resumes a promotion, with the refusal of a missing reason before any call", async () => {
    expect((await pushImage(host, "5.1.0", second, "2026-01-02T00:00:00Z")).status).toBe(202);
    await host.settle();
    const noReason = await baton(["pause", secondId]);
    expect(noReason.code).toBe(2);
    expect(noReason.err).toContain("required option '--reason <text>' not specified");
    expect(await baton(["pause", secondId, "--reason", "checking the canary"])).toMatchObject({ code: 0, out: `pause accepted for ${secondId}` });
    await host.settle();
    expect((await statusOf(host, secondId)).runtimeStatus).toBe("Suspended");
    expect((await baton(["promotions", "--pipeline", "orders-api"])).out).toMatch(new RegExp(`${secondId}\\s+orders-api\\s+5.1.0\\s+paused`));
    const twice = await baton(["pause", secondId, "--reason", "again"]);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/^baton: POST \/api\/promotions\/.*\/pause: 409 /);
    expect((await baton(["resume", secondId, "--reason", "canary fine"])).code).toBe(0);
    await host.settle();
    expect((await statusOf(host, stageId(second, "dev"))).runtimeStatus).toBe("Running");
  });

  it("refuses an approval from an ops key as the API says, sets and releases holds, and aborts", async () => {
    const refused = await baton(["approve", secondId, "--reason", "lgtm"]);
    expect(refused).toMatchObject({ code: 1, err: expect.stringContaining("403 this needs the approver role") as unknown });
    expect((await baton(["hold", "--pipeline", "orders-api", "--reason", "incident INC-9"])).out).toBe("pipeline orders-api hold set");
    expect((await baton(["status"])).out).toContain("HELD (pipeline hold by key:e2e");
    expect((await baton(["release", "--pipeline", "orders-api", "--reason", "resolved"])).out).toBe("pipeline orders-api hold released");
    expect((await baton(["release", "--reason", "nothing held"])).err).toContain("404 no active global hold");
    expect((await baton(["abort", secondId, "--reason", "wrong build"])).code).toBe(0);
    await host.settle();
    // The abort says what it left behind: dev committed 5.1.0 and was not rolled back.
    expect((await baton(["show", secondId])).out).toContain("left      dev still runs 5.1.0");
    const aborted = await baton(["promotions", "--outcome", "aborted"]);
    expect(aborted.out, (await baton(["show", secondId])).out).toContain(secondId);
  });

  it("keeps keys out of URLs and explains a missing key", async () => {
    const inUrl = await run(["status"], { out: () => undefined, err: () => undefined, env: { BATON_URL: `${host.origin}/?code=abc` } });
    expect(inUrl).toBe(1);
    const errors: string[] = [];
    const noKey = await run(["status"], { out: () => undefined, err: (t) => errors.push(t), env: { BATON_URL: host.origin, BATON_CONFIG: CONFIG } });
    expect(noKey).toBe(1);
    expect(errors.join("\n")).toContain("401");
    expect(errors.join("\n")).toContain("set BATON_OPS_KEY");
  });

  it("asks Entra for a token with the app's scope when no key is given", async () => {
    const seen: Record<string, string>[] = [];
    const code = await run(["promotions"], {
      out: () => undefined,
      err: () => undefined,
      env: { BATON_URL: "https://baton.example.com", BATON_SCOPE: "api://baton/.default" },
      credential: () => ({ getToken: (scope) => Promise.resolve({ token: `token-for-${String(scope)}`, expiresOnTimestamp: Date.now() + 60_000 }) }),
      fetch: (_url, init) => {
        seen.push(init?.headers as Record<string, string>);
        return Promise.resolve(new Response(JSON.stringify({ promotions: [] }), { status: 200 }));
      },
    });
    expect(code).toBe(0);
    expect(seen[0]?.["authorization"]).toBe("Bearer token-for-api://baton/.default");
  });
});
