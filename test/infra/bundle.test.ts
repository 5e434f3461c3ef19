// The deployment package is what Azure runs: bundle it and load it like the Functions worker
// does (a separate process, the bundle's own copy of every library), and check it registers
// exactly the functions the source app does and answers HTTP.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadHostKeys } from "../../local/keys/hostKeys.js";
import { eventually, repoRoot, startHostProcess, type HostProcess } from "../support/hostProcess.js";

const out = mkdtempSync(join(tmpdir(), "baton-bundle-"));
let host: HostProcess | undefined;
afterAll(async () => {
  await host?.kill9();
  rmSync(out, { recursive: true, force: true });
});

describe("the deployment bundle", () => {
  it("loads in a Functions host with every function and serves HTTP", async () => {
    execFileSync(process.execPath, ["infra/bundle.mjs"], { cwd: repoRoot, env: { ...process.env, BATON_BUNDLE_OUT: out }, stdio: "pipe" });
    host = await startHostProcess({ app: out, dataDir: join(out, "state"), env: { BATON_PIPELINES: "" } });
    const master = loadHostKeys(join(out, "state")).master;
    const listed = (await (await fetch(`${host.origin}/admin/functions`, { headers: { "x-functions-key": master } })).json()) as { name: string }[];
    const names = listed.map((f) => f.name).sort();
    for (const expected of ["promotion", "stage", "commitStage", "ingestGitHub", "ingestFlux", "acrImagePushed", "opsPromotions", "teamsMessages", "health"]) {
      expect(names).toContain(expected);
    }
    const health = await eventually(async () => {
      const res = await fetch(`${host?.origin ?? ""}/api/health`);
      return res.ok ? ((await res.json())) : undefined;
    }, "the health endpoint");
    expect(health).toMatchObject({ status: "ok", service: "baton" });
  }, 300_000); // bundling plus a cold host start: about 40 s alone, minutes on a loaded 2-core machine
});
