import { describe, expect, it } from "vitest";
import { PipelineConfigError } from "../../shared/pipelines/config/errors.js";
import { loadPipelineConfig } from "../../shared/pipelines/config/load.js";
import { MINIMAL, problemsOf } from "./problems.js";
import { TEST_TRUST } from "./trust.js";

/** MINIMAL with `stages` appended to the pipeline (lines 14 onwards). */
const withStages = (stages: string) => `${MINIMAL}    stages:\n${stages}`;

describe("validation errors name file, line, column and field", () => {
  it("reports YAML syntax errors at their line", () => {
    expect(problemsOf("version: 1\npipelines:\n  - name: [web\n")).toEqual([expect.stringMatching(/^\.baton\/pipelines\.yaml:4:1: YAML syntax: /)]);
    expect(problemsOf("version: 1\nversion: 1\npipelines: []\n")).toEqual([".baton/pipelines.yaml:2:1: YAML syntax: Map keys must be unique"]);
  });

  it("requires version 1 and names unknown fields at their key", () => {
    expect(problemsOf("version: 2\npipelines: []\n")).toEqual([".baton/pipelines.yaml:1:10: version: expected version: 1 (the only format this Baton reads)"]);
    expect(problemsOf(MINIMAL.replace("    template:\n", "    tempalte: {}\n    template:\n"))).toEqual([
      '.baton/pipelines.yaml:7:5: pipelines[0].tempalte: unknown field "tempalte" (check the spelling against docs/pipelines.schema.json)',
    ]);
  });

  it("checks pipeline names, images and tag policies", () => {
    const bad = MINIMAL.replace("name: web", "name: Web App").replace("image: myacr.azurecr.io/web }", "image: web:1.0, tags: { kind: regex, pattern: '(' } }");
    expect(problemsOf(bad)).toEqual([
      ".baton/pipelines.yaml:5:11: pipelines[0].name: expected 1-40 lower-case letters, digits or dashes (it becomes part of promotion ids)",
      ".baton/pipelines.yaml:6:22: pipelines[0].source.image: expected registry-host/repository without tag or digest, e.g. myacr.azurecr.io/orders-api or docker.io/library/nginx",
      ".baton/pipelines.yaml:6:61: pipelines[0].source.tags.pattern: expected a valid RE2 regular expression (JavaScript syntax without lookaround or backreferences); the whole tag must match",
    ]);
    expect(problemsOf(MINIMAL.replace("myacr.azurecr.io/web }", "myacr.azurecr.io/web, tags: { kind: semver, range: soon } }"))).toEqual([
      ".baton/pipelines.yaml:6:73: pipelines[0].source.tags.range: expected a valid semver range such as ^1.4.0 or >=2.0.0 <3.0.0",
    ]);
  });

  it("requires unique pipeline names and unique, URL-safe stage names", () => {
    const twice = `${MINIMAL}${MINIMAL.split("pipelines:\n")[1] ?? ""}`;
    expect(problemsOf(twice)).toEqual([`.baton/pipelines.yaml:14:11: pipelines[1].name: expected unique pipeline names: "web" is already the name of pipelines[0]`]);
    expect(problemsOf(withStages("      - dev\n      - Pre_Prod\n      - { name: dev }\n"))).toEqual([
      ".baton/pipelines.yaml:16:9: pipelines[0].stages[1]: expected a stage name of 1-40 lower-case letters, digits or dashes, not starting or ending with a dash (it appears in URLs and ids)",
    ]);
    expect(problemsOf(withStages("      - dev\n      - { name: dev }\n"))).toEqual([
      '.baton/pipelines.yaml:16:17: pipelines[0].stages[1].name: expected unique stage names in a pipeline: "dev" is already stages[0]',
    ]);
  });

  it("requires a template when stages are left out, and an edit and a Flux object in every stage", () => {
    const noTemplate = "version: 1\npipelines:\n  - name: web\n    source: { image: myacr.azurecr.io/web }\n";
    expect(problemsOf(noTemplate)).toEqual([
      ".baton/pipelines.yaml:3:5: pipelines[0]: expected stages or a template: without stages the pipeline runs dev, staging, pre-prod, prod, built from a template with {stage} in file paths and object names",
    ]);
    const bare = `${noTemplate}    stages: [dev]\n`;
    expect(problemsOf(bare)).toEqual([
      ".baton/pipelines.yaml:5:14: pipelines[0].stages[0]: expected a repository: set git.repository (GitHub owner/name) or git.url (a git server) in defaults.git, the pipeline's git, its template or the stage",
      ".baton/pipelines.yaml:5:14: pipelines[0].stages[0]: expected at least one edit (file and target) in the stage or the pipeline's template",
      ".baton/pipelines.yaml:5:14: pipelines[0].stages[0]: expected at least one Flux object to wait for (cluster, kind, namespace, name) in the stage or the pipeline's template",
    ]);
    expect(problemsOf(MINIMAL.replace("      edits:\n", "      edits: []\n      x-edits:\n"))).toContain(".baton/pipelines.yaml:8:14: pipelines[0].template.edits: expected at least one edit");
  });

  it("checks edits with the GitOps edit schema, at the line of the template", () => {
    const bad = MINIMAL.replace("target: { kind: kustomize }", "target: { kind: flux-setter, policy: nocolon }");
    expect(problemsOf(bad)).toEqual([
      ".baton/pipelines.yaml:10:48: pipelines[0].template.edits[0].target.policy: in stages dev, staging, pre-prod, prod: policy must be namespace:name",
    ]);
    expect(problemsOf(MINIMAL.replace("apps/web/{stage}/", "../{stage}/"))).toEqual([
      ".baton/pipelines.yaml:9:17: pipelines[0].template.edits[0].file: in stages dev, staging, pre-prod, prod: expected a path without . or .. segments",
    ]);
  });

  it("reports unknown placeholders and names checked after substitution", () => {
    expect(problemsOf(MINIMAL.replace('name: "web-{stage}"', 'name: "web-{env}"'))).toEqual([
      ".baton/pipelines.yaml:13:90: pipelines[0].template.readiness.objects[0].name: in stages dev, staging, pre-prod, prod: unknown placeholder {env}: use {stage} or {pipeline}",
      ".baton/pipelines.yaml:13:90: pipelines[0].template.readiness.objects[0].name: in stages dev, staging, pre-prod, prod: expected a Kubernetes object name (lower-case letters, digits, - and .)",
    ]);
    expect(problemsOf(withStages("      - dev\n").replace('namespace: flux-system', 'namespace: Flux_System'))).toEqual([
      ".baton/pipelines.yaml:13:71: pipelines[0].template.readiness.objects[0].namespace: in stage dev: expected a Kubernetes namespace (lower-case letters, digits, -; at most 63)",
    ]);
  });

  it("requires an HTTP probe's deadline to be longer than its interval, and valid probe URLs", () => {
    const probe = (fields: string) => withStages(`      - name: dev\n        gates:\n          - { kind: httpProbe, ${fields} }\n`);
    expect(problemsOf(probe("url: https://x.example/health, interval: 5m, deadline: 5m"))).toEqual([
      ".baton/pipelines.yaml:17:87: pipelines[0].stages[0].gates[0].deadline: expected deadline to be longer than interval (the probe must get at least two tries)",
    ]);
    expect(problemsOf(probe("url: not a url"))).toEqual([".baton/pipelines.yaml:17:37: pipelines[0].stages[0].gates[0].url: expected the probe URL as an absolute http(s) URL"]);
    expect(problemsOf(probe("url: https://x.example/, name: a }\n          - { kind: soak, name: a, duration: 1m"))).toEqual([
      '.baton/pipelines.yaml:18:33: pipelines[0].stages[0].gates[1].name: expected unique gate names in a stage: "a" is used twice; give this gate its own name',
    ]);
  });

  it("requires the quorum to be at most the number of approvers, even when they come from defaults", () => {
    const file = MINIMAL.replace("  git: { repository: acme/gitops }\n", "  git: { repository: acme/gitops }\n  approval: { approvers: [a, b] }\n");
    expect(problemsOf(`${file}    stages:\n      - dev\n      - name: prod\n        approval: { quorum: 3 }\n`)).toEqual([
      ".baton/pipelines.yaml:18:29: pipelines[0].stages[1].approval.quorum: expected quorum at most the number of approvers (2)",
    ]);
    expect(problemsOf(MINIMAL.replace("  git: { repository: acme/gitops }\n", "  git: { repository: acme/gitops }\n  approval: { approvers: [a], quorum: 2 }\n"))).toEqual([
      ".baton/pipelines.yaml:4:39: defaults.approval.quorum: in stages dev, staging, pre-prod, prod: expected quorum at most the number of approvers (1)",
    ]);
  });

  it("refuses keys and values that look like inline secrets, without repeating the value", () => {
    const file = MINIMAL.replace("  git: { repository: acme/gitops }\n", "  git: { repository: acme/gitops, token: ghp_abcdefabcdefabcdef }\n");
    const problems = problemsOf(file);
    expect(problems).toEqual([
      '.baton/pipelines.yaml:3:35: defaults.git.token: "token" looks like an inline secret: Baton never reads secret values from this file; store the value as a setting or Key Vault secret and reference it by name (e.g. tokenSecret: MY_SETTING)',
    ]);
    expect(problems.join("\n")).not.toContain("ghp_");
    const value = MINIMAL.replace("{ repository: acme/gitops }", "{ repository: acme/gitops, auth: { kind: token, tokenSecret: ghp_abcdefabcdefabcdef } }");
    expect(problemsOf(value)).toEqual([
      ".baton/pipelines.yaml:3:69: defaults.git.auth.tokenSecret: this looks like a secret value: store it as a setting or Key Vault secret and write its NAME here",
    ]);
    const inTarget = MINIMAL.replace("target: { kind: kustomize }", "target: { kind: kustomize, password: hunter2 }");
    expect(problemsOf(inTarget)).toEqual([expect.stringContaining('.baton/pipelines.yaml:10:38: pipelines[0].template.edits[0].target.password: "password" looks like an inline secret')]);
    const url = MINIMAL.replace("{ repository: acme/gitops }", "{ url: 'https://baton:s3cret@git.example.com/gitops.git' }");
    expect(problemsOf(url)).toEqual([
      ".baton/pipelines.yaml:3:15: defaults.git.url: in stages dev, staging, pre-prod, prod: expected git.url without credentials: reference them by setting name (auth, tokenSecret) instead",
    ]);
    expect(problemsOf(url).join("\n")).not.toContain("s3cret");
  });

  it("throws one PipelineConfigError listing every problem, sorted by line", () => {
    let error: unknown;
    try {
      loadPipelineConfig("version: 1\npipelines:\n  - name: B\n    source: { image: nope }\n", { path: "p.yaml" }, TEST_TRUST);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PipelineConfigError);
    expect((error as PipelineConfigError).problems.map((p) => [p.line, p.field])).toEqual([
      [3, "pipelines[0].name"],
      [4, "pipelines[0].source.image"],
    ]);
    expect((error as Error).message).toMatch(/^Invalid pipelines file p\.yaml \(2 problems\):\np\.yaml:3:11: pipelines\[0\]\.name: /);
  });
});
