// Issue 13 (cold start): a webhook door loads neither the Teams SDK nor the Kubernetes or ARM
// clients, nor the git and GitHub clients the pipelines watch needs only when the file lives in
// a repository. The esbuild metafile of the function modules gives Baton's own import graph
// (npm packages left external); following only static imports (what runs when a module is
// imported), no door reaches them. The orchestrations module reaches the Kubernetes and ARM
// clients through `await import()` only, on a stage's first poll. (The deployment bundle is
// built with code splitting, so what is imported dynamically stays out of the cold start.)
import { readdirSync } from "node:fs";
import type { Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { metafileOf, reachable } from "../support/importGraph.js";

const TEAMS = /^@microsoft\/agents-(hosting|activity)(\/|$)/;
const KUBERNETES = /^@kubernetes\/client-node(\/|$)/;
const ARM = /^@azure\/arm-/;
const GIT_CLIENTS = /^(isomorphic-git|@octokit\/)/;

const doors = readdirSync("functions")
  .filter((f) => /^(ingest[A-Z].*|acrEventgridTrigger)\.ts$/.test(f))
  .sort()
  .map((f) => `functions/${f}`);
let metafile: Metafile;
beforeAll(async () => {
  metafile = await metafileOf([...doors, "functions/orchestrations.ts"]);
}, 120_000);

describe("what a webhook door loads when imported", () => {
  it("covers every door", () => {
    expect(doors).toEqual(expect.arrayContaining(["functions/ingestGithub.ts", "functions/ingestFlux.ts", "functions/ingestArgocd.ts", "functions/ingestAcr.ts"]));
  });

  it.each(doors)("%s loads no Teams, Kubernetes, ARM, git or GitHub client", (entry) => {
    expect(metafile.inputs[entry]).toBeDefined();
    const loaded = [...reachable(metafile, entry, false)];
    expect(loaded.filter((p) => [TEAMS, KUBERNETES, ARM, GIT_CLIENTS].some((sdk) => sdk.test(p)))).toEqual([]);
  });

  it.each(doors)("%s reaches the git clients only on first use (a repository pipelines file)", (entry) => {
    expect([...reachable(metafile, entry, true)].some((p) => GIT_CLIENTS.test(p))).toBe(true);
  });
});

describe("the orchestrations module", () => {
  it("loads the Kubernetes and ARM clients only on a stage's first poll", () => {
    const statically = [...reachable(metafile, "functions/orchestrations.ts", false)];
    expect(statically.filter((p) => KUBERNETES.test(p) || ARM.test(p))).toEqual([]);
    const eventually = [...reachable(metafile, "functions/orchestrations.ts", true)];
    expect(eventually.some((p) => KUBERNETES.test(p))).toBe(true);
    expect(eventually.some((p) => ARM.test(p))).toBe(true);
  });
});
