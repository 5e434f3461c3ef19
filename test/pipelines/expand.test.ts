import { describe, expect, it } from "vitest";
import { parseDuration } from "../../shared/pipelines/config/duration.js";
import { pinPipeline, UnknownPipelineError } from "../../shared/pipelines/config/pin.js";
import { load, MINIMAL, problemsOf } from "./problems.js";

describe("expansion of defaults and templates", () => {
  it("builds the four default stages from the template, with built-in defaults", () => {
    const [web] = load(MINIMAL).pipelines;
    expect(web?.stages.map((s) => s.name)).toEqual(["dev", "staging", "pre-prod", "prod"]);
    expect(web?.stages[2]).toEqual({
      name: "pre-prod",
      repository: { provider: "github", repository: "acme/gitops", branch: "main", auth: { kind: "none" } },
      writeMode: "commit",
      edits: [{ file: "apps/web/pre-prod/kustomization.yaml", target: { kind: "kustomize" } }],
      readiness: { objects: [{ cluster: "aks-pre-prod", kind: "Kustomization", namespace: "flux-system", name: "web-pre-prod" }], timeoutMs: 15 * 60_000 },
      gates: [],
      gateMode: "sequence",
      onFailure: { action: "abort" },
      autoPromote: true,
    });
    expect(web).toMatchObject({
      name: "web",
      source: { registry: "myacr.azurecr.io", repository: "web", tags: { kind: "any" } },
      supersede: "newest-wins",
      origin: { path: ".baton/pipelines.yaml", commit: "abc123" },
    });
  });

  it("layers file defaults, the pipeline's git, the template and the stage; objects merge, lists replace", () => {
    const config = load(`version: 1
defaults:
  supersede: queue
  git: { repository: acme/gitops, branch: main, auth: { kind: token, tokenSecret: GITHUB_TOKEN } }
  readiness: { timeout: 10m }
  onFailure: rollback
  approval: { approvers: [a@acme.com, b@acme.com] }
pipelines:
  - name: api
    source: { image: ghcr.io/Acme/API, tags: { kind: semver, range: ^2.0.0 } }
    git: { branch: release }
    template:
      edits: [{ file: "{pipeline}/{stage}.yaml", target: { kind: baton-marker, slot: api } }]
      readiness:
        objects: [{ cluster: "c-{stage}", kind: HelmRelease, namespace: api, name: api }]
      gates: [{ kind: soak, duration: 5m }]
    stages:
      - qa
      - name: live
        git: { url: https://git.example.com/acme/live.git, auth: { kind: basic, username: baton, passwordSecret: LIVE_GIT_PASSWORD } }
        writeMode: pull-request
        readiness: { timeout: 1h30m }
        gates: []
        approval: { quorum: 2, timeout: 2d }
        onFailure: pause
        autoPromote: false
`);
    const [api] = config.pipelines;
    expect(api?.source).toEqual({ registry: "ghcr.io", repository: "acme/api", tags: { kind: "semver", range: "^2.0.0" } });
    expect(api?.supersede).toBe("queue");
    const [qa, live] = api?.stages ?? [];
    expect(qa?.repository).toEqual({ provider: "github", repository: "acme/gitops", branch: "release", auth: { kind: "token", tokenSecret: "GITHUB_TOKEN" } });
    expect(qa?.edits[0]?.file).toBe("api/qa.yaml");
    expect(qa?.gates).toEqual([{ kind: "soak", name: "soak", durationMs: 300_000 }]);
    expect(qa?.approval).toEqual({ required: true, approvers: ["a@acme.com", "b@acme.com"], quorum: 1, timeoutMs: 86_400_000, onExpiry: "reject", escalateTo: [], separationOfDuties: true, identities: {} });
    expect(qa?.readiness.timeoutMs).toBe(600_000);
    expect(live).toMatchObject({
      // `repository` came from defaults, `url` from the stage: the stage replaced the provider.
      writeMode: "pull-request",
      pullRequest: { labels: [], autoMerge: false, timeoutMs: 7 * 86_400_000 },
      gates: [],
      approval: { required: true, approvers: ["a@acme.com", "b@acme.com"], quorum: 2, timeoutMs: 2 * 86_400_000, onExpiry: "reject", escalateTo: [], separationOfDuties: true, identities: {} },
      onFailure: { action: "pause", timeoutMs: 86_400_000, onTimeout: "abort" },
      autoPromote: false,
    });
    expect(live?.readiness).toEqual({ objects: [{ cluster: "c-live", kind: "HelmRelease", namespace: "api", name: "api" }], timeoutMs: 5_400_000 });
  });

  it("pins a pipeline as a plain copy, and names a pipeline that is gone", () => {
    const config = load(MINIMAL);
    const pinned = pinPipeline(config, "web");
    expect(pinned).toEqual(config.pipelines[0]);
    expect(pinned).not.toBe(config.pipelines[0]);
    expect(JSON.parse(JSON.stringify(pinned))).toEqual(pinned);
    expect(() => pinPipeline(config, "gone")).toThrow(UnknownPipelineError);
    expect(() => pinPipeline(config, "gone")).toThrow('pipeline "gone" is not defined in .baton/pipelines.yaml');
  });

  it("reads JSON as well as YAML", () => {
    const json = JSON.stringify({
      version: 1,
      pipelines: [{ name: "j", source: { image: "localhost:5000/j" }, stages: [{ name: "only", git: { repository: "a/b" }, edits: [{ file: "f.yaml", target: { kind: "kustomize" } }], readiness: { objects: [{ cluster: "c", kind: "Kustomization", namespace: "n", name: "o" }] } }] }],
    });
    expect(load(json).pipelines[0]?.stages.map((s) => s.name)).toEqual(["only"]);
  });
});

describe("durations", () => {
  it("turns 30s, 15m, 2h, 1d and combinations into milliseconds", () => {
    expect([parseDuration("30s"), parseDuration("15m"), parseDuration("2h"), parseDuration("1d"), parseDuration("1h30m")]).toEqual([30_000, 900_000, 7_200_000, 86_400_000, 5_400_000]);
    expect([parseDuration(""), parseDuration("15"), parseDuration("1w"), parseDuration("30m1h")]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("refuses durations that are not written with a unit, or are zero", () => {
    const file = MINIMAL.replace("      readiness:\n", "      readiness:\n        timeout: 15\n").replace("version: 1\n", "version: 1\n# zero\n");
    expect(problemsOf(file)).toEqual([".baton/pipelines.yaml:13:18: pipelines[0].template.readiness.timeout: Invalid input: expected string, received number"]);
    expect(problemsOf(MINIMAL.replace("      readiness:\n", "      readiness:\n        timeout: 0s\n"))).toEqual([
      ".baton/pipelines.yaml:12:18: pipelines[0].template.readiness.timeout: expected a duration longer than zero, such as 30s, 15m, 2h or 1d",
    ]);
    expect(problemsOf(MINIMAL.replace("      readiness:\n", "      readiness:\n        timeout: 2 hours\n"))).toEqual([
      ".baton/pipelines.yaml:12:18: pipelines[0].template.readiness.timeout: expected a duration such as 30s, 15m, 2h, 1d or 1h30m",
    ]);
  });
});
