// The pipelines file's bundles (docs/bundles.md): what a valid bundle pins, and the nonsense the
// loader refuses with file, line and field.
import { describe, expect, it } from "vitest";
import { load, problemsOf } from "./problems.js";

const bundle = (extra = "", edits = "") => `version: 1
defaults:
  git: { repository: acme/gitops }
pipelines:
  - name: shop
    source:
      image: myacr.azurecr.io/shop/web
      bundle:
        images:
          api: ghcr.io/acme/shop-api
${extra}    template:
      edits:
        - file: apps/shop/{stage}/kustomization.yaml
          target: { kind: kustomize }
        - file: apps/shop/{stage}/kustomization.yaml
          image: api
          target: { kind: kustomize }
${edits}      readiness:
        objects:
          - { cluster: "aks-{stage}", kind: Kustomization, namespace: flux-system, name: "shop-{stage}" }
`;

const single = (name: string, image: string, edit = "") => `  - name: ${name}
    source: { image: ${image} }
    template:
      edits:
        - file: apps/${name}/{stage}/kustomization.yaml
${edit}          target: { kind: kustomize }
      readiness:
        objects:
          - { cluster: "aks-{stage}", kind: Kustomization, namespace: flux-system, name: "${name}-{stage}" }
`;

describe("a bundle pipeline", () => {
  it("pins its members (the primary first, named after its repository), how they belong together and the window", () => {
    const [shop] = load(bundle("        together: revision\n        window: 2h\n".replace(/^/gm, ""))).pipelines;
    expect(shop?.source.bundle).toEqual({
      members: [
        { name: "web", registry: "myacr.azurecr.io", repository: "shop/web" },
        { name: "api", registry: "ghcr.io", repository: "acme/shop-api" },
      ],
      together: "revision",
      windowMs: 7_200_000,
    });
    expect(shop?.stages[0]?.edits.map((e) => e.image)).toEqual([undefined, "api"]);
  });

  it("belongs together by tag within 30 minutes unless it says otherwise", () => {
    expect(load(bundle()).pipelines[0]?.source.bundle).toMatchObject({ together: "tag", windowMs: 1_800_000 });
  });

  it("refuses an edit naming an image the bundle does not have", () => {
    expect(problemsOf(bundle("", "        - file: apps/shop/{stage}/values.yaml\n          image: worker\n          target: { kind: kustomize }\n"))).toEqual([
      '.baton/pipelines.yaml:19:18: pipelines[0].template.edits[2].image: in stages dev, staging, pre-prod, prod: expected one of the bundle\'s images (web, api): "worker" is not in source.bundle.images',
    ]);
  });

  it("refuses an edit naming an image in a pipeline without a bundle", () => {
    expect(problemsOf(`version: 1\ndefaults:\n  git: { repository: acme/gitops }\npipelines:\n${single("web", "myacr.azurecr.io/web", "          image: api\n")}`)).toEqual([
      '.baton/pipelines.yaml:10:18: pipelines[0].template.edits[0].image: in stages dev, staging, pre-prod, prod: expected no image here: only a pipeline with source.bundle names the image an edit sets ("api")',
    ]);
  });

  it("refuses an image in two bundles", () => {
    const other = `  - name: store
    source:
      image: myacr.azurecr.io/store
      bundle:
        images:
          api: ghcr.io/acme/shop-api
    template:
      edits:
        - file: apps/store/{stage}/kustomization.yaml
          target: { kind: kustomize }
      readiness:
        objects:
          - { cluster: "aks-{stage}", kind: Kustomization, namespace: flux-system, name: "store-{stage}" }
`;
    expect(problemsOf(bundle() + other)).toEqual([
      '.baton/pipelines.yaml:26:16: pipelines[1].source.bundle.images.api: expected each image in one bundle only: ghcr.io/acme/shop-api is already in the bundle of pipeline "shop"',
    ]);
  });

  it("refuses the same image twice in a bundle, and a member named like the primary", () => {
    const twice = bundle().replace("          api: ghcr.io/acme/shop-api\n", "          api: ghcr.io/acme/shop-api\n          api2: ghcr.io/acme/shop-api\n          web: ghcr.io/acme/web\n");
    expect(problemsOf(twice)).toEqual([
      '.baton/pipelines.yaml:11:17: pipelines[0].source.bundle.images.api2: expected each image once in a bundle: ghcr.io/acme/shop-api is already "api"',
      '.baton/pipelines.yaml:12:16: pipelines[0].source.bundle.images.web: expected another name: "web" already names source.image (myacr.azurecr.io/shop/web)',
    ]);
  });

  it("refuses a bundle without another image and a window that is not a duration", () => {
    const empty = bundle().replace("        images:\n          api: ghcr.io/acme/shop-api\n", "        images: {}\n        window: soon\n");
    const problems = problemsOf(empty);
    expect(problems).toContain(".baton/pipelines.yaml:9:17: pipelines[0].source.bundle.images: expected at least one more image: name: registry-host/repository");
    expect(problems.some((p) => p.includes("source.bundle.window: expected a duration"))).toBe(true);
  });
});
