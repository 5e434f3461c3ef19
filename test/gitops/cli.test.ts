import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, type CliIo } from "../../shared/gitops/cli/run.js";
import { digestA } from "./helpers.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "baton-cli-"));
  await cp(fileURLToPath(new URL("./fixtures", import.meta.url)), dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIo = {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    readFile: (p) => readFile(p, "utf8").catch(() => undefined),
    writeFile: (p, t) => writeFile(p, t, "utf8"),
    isDirectory: (p) => stat(p).then((s) => s.isDirectory(), () => false),
    readJson: (p) => JSON.parse(readFileSync(p, "utf8")) as unknown,
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe("baton-gitops preview CLI", () => {
  it("prints a unified diff touching only the target line, exit 2, file untouched without --write", async () => {
    const file = join(dir, "fluxKustomizeHelm/release.yaml");
    const before = await readFile(file, "utf8");
    const { code, out, err } = await run(file, "--image", "ghcr.io/stefanprodan/podinfo:6.6.0", "--value", "spec.values.image.tag=version", "--document", "HelmRelease/podinfo");
    expect(code).toBe(2);
    const changed = out.split("\n").filter((l) => /^[-+][^-+]/.test(l));
    expect(changed).toEqual(['-      tag: "6.5.0"   # pinned until the next promotion', '+      tag: "6.6.0"   # pinned until the next promotion']);
    expect(err).toContain("spec.values.image.tag: 6.5.0 -> 6.6.0");
    expect(await readFile(file, "utf8")).toBe(before);
  });

  it("writes in place with --write, then reports unchanged with exit 0", async () => {
    const file = join(dir, "fluxImageAutomation/deployment.yaml");
    const args = [file, "--image", `ghcr.io/stefanprodan/podinfo:5.1.0@${digestA}`, "--flux-policy", "flux-system:podinfo", "--write"];
    expect((await run(...args)).code).toBe(2);
    expect(await readFile(file, "utf8")).toContain(`image: ghcr.io/stefanprodan/podinfo:5.1.0@${digestA} # {"$imagepolicy"`);
    const again = await run(...args);
    expect(again).toMatchObject({ code: 0, out: "" });
    expect(again.err).toContain("unchanged");
  });

  it("applies an edits file to a directory, several files in one run", async () => {
    const edits = [
      { file: "fluxKustomizeHelm/kustomization.yaml", image: { name: "ghcr.io/stefanprodan/podinfo", tag: "6.6.0" }, target: { kind: "kustomize" } },
      { file: "aksGitops/helmreleaseCrlf.yaml", image: { name: "acme.azurecr.io/team-a/api", tag: "2.4.0" }, target: { kind: "baton-marker", slot: "api-prod" } },
    ];
    await writeFile(join(dir, "edits.json"), JSON.stringify(edits));
    const { code, out } = await run(dir, "--edits", join(dir, "edits.json"));
    expect(code).toBe(2);
    expect(out).toContain("+++ b/fluxKustomizeHelm/kustomization.yaml");
    expect(out).toContain("+++ b/aksGitops/helmreleaseCrlf.yaml");
    expect(out.split("\n").filter((l) => /^[-+][^-+]/.test(l))).toHaveLength(4);
  });

  it("exits 1 with the failure kind on errors and on bad usage", async () => {
    const missing = await run(join(dir, "fluxKustomizeHelm/kustomization.yaml"), "--image", "acme/none:1", "--kustomize");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("error (target-not-found)");
    expect((await run(join(dir, "nope.yaml"), "--image", "a/b:1", "--kustomize")).err).toContain("error (file-missing)");
    const usage = await run(dir, "--image", "a/b:1");
    expect(usage.code).toBe(1);
    expect(usage.err).toContain("Choose exactly one target");
  });

  it("runs as a program: shebang entry point and real exit codes", async () => {
    const cli = fileURLToPath(new URL("../../shared/gitops/cli.ts", import.meta.url));
    expect(readFileSync(cli, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const file = join(dir, "aksGitops/clusterConfig.yaml");
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(process.execPath, ["--import", "tsx", cli, file, "--image", "acme.azurecr.io/app:1.5.0", "--kustomize"], (_e, stdout) => resolve({ code: child.exitCode, stdout }));
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("+  newTag: 1.5.0 # stage: staging");
  });
});
