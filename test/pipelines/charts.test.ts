// Issue 14.3 in the pipelines file: a pipeline's source may be a Helm chart in an OCI registry;
// its stages edit chart versions, and nonsense combinations are load errors at their line.
import { describe, expect, it } from "vitest";
import { createConfigLookup } from "../../shared/pipelines/lookup.js";
import { load, problemsOf } from "./problems.js";

const CHART = `version: 1
defaults:
  git: { repository: acme/gitops }
pipelines:
  - name: orders-chart
    source: { chart: myacr.azurecr.io/helm/orders, tags: { kind: semver, range: ^1.4.0 } }
    template:
      edits:
        - file: clusters/{stage}/orders.yaml
          target: { kind: helm-release-chart }
      readiness:
        objects:
          - { cluster: "aks-{stage}", kind: HelmRelease, namespace: orders, name: orders }
`;

describe("a chart source", () => {
  it("pins the chart's repository with the chart flag and the chart edit kinds", () => {
    const [pipeline] = load(CHART).pipelines;
    expect(pipeline?.source).toEqual({ registry: "myacr.azurecr.io", repository: "helm/orders", tags: { kind: "semver", range: "^1.4.0" }, artifact: "chart" });
    expect(pipeline?.stages.map((s) => s.edits[0])).toEqual(
      ["dev", "staging", "pre-prod", "prod"].map((stage) => ({ file: `clusters/${stage}/orders.yaml`, target: { kind: "helm-release-chart" } })),
    );
    const other = CHART.replace("target: { kind: helm-release-chart }", "target: { kind: oci-repository, field: semver }");
    expect(load(other).pipelines[0]?.stages[0]?.edits[0]?.target).toEqual({ kind: "oci-repository", field: "semver" });
    expect(load(CHART.replace("target: { kind: helm-release-chart }", "target: { kind: chart-dependency, name: orders }")).pipelines).toHaveLength(1);
  });

  it("refuses an image edit kind on a chart pipeline and a chart edit kind on an image pipeline, at the kind", () => {
    expect(problemsOf(CHART.replace("kind: helm-release-chart", "kind: kustomize"))).toEqual([
      ".baton/pipelines.yaml:10:27: pipelines[0].template.edits[0].target.kind: in stages dev, staging, pre-prod, prod: expected a chart edit kind (helm-release-chart, oci-repository or chart-dependency): this pipeline's source is a chart, and kustomize edits write image references",
    ]);
    expect(problemsOf(CHART.replace("{ chart: myacr.azurecr.io/helm/orders,", "{ image: myacr.azurecr.io/orders,"))).toEqual([
      ".baton/pipelines.yaml:10:27: pipelines[0].template.edits[0].target.kind: in stages dev, staging, pre-prod, prod: expected an image edit kind (kustomize, values, flux-setter or baton-marker): helm-release-chart writes a chart version, so the pipeline's source must be chart: <registry>/<path>/<chart>",
    ]);
  });

  it("wants an image or a chart, never both, and one kind of pipeline per repository", () => {
    expect(problemsOf(CHART.replace("{ chart:", "{ image: myacr.azurecr.io/orders, chart:"))).toEqual([
      expect.stringMatching(/^\.baton\/pipelines\.yaml:6:\d+: pipelines\[0\]\.source\.chart: expected image or chart, not both: a repository holds images or Helm charts$/),
    ]);
    expect(problemsOf(CHART.replace("{ chart: myacr.azurecr.io/helm/orders,", "{"))).toEqual([
      expect.stringMatching(/pipelines\[0\]\.source\.image: expected image \(a container image\) or chart \(a Helm chart in an OCI registry\)$/),
    ]);
    expect(problemsOf(CHART.replace("{ chart: myacr.azurecr.io/helm/orders,", "{ chart: oci://myacr.azurecr.io/helm/orders,"))).toEqual([
      expect.stringMatching(/pipelines\[0\]\.source\.chart: expected registry-host\/repository without tag or digest, e\.g\. myacr\.azurecr\.io\/helm\/orders/),
    ]);
    const imageToo = `${CHART}  - name: orders-image
    source: { image: myacr.azurecr.io/helm/orders }
    template:
      edits:
        - file: apps/{stage}/kustomization.yaml
          target: { kind: kustomize }
      readiness:
        objects:
          - { cluster: "aks-{stage}", kind: Kustomization, namespace: flux-system, name: "orders-{stage}" }
`;
    expect(problemsOf(imageToo)).toEqual([
      expect.stringMatching(/^\.baton\/pipelines\.yaml:15:13: pipelines\[1\]\.source: pipelines\[0\] promotes Helm charts from myacr\.azurecr\.io\/helm\/orders, this one images: one repository holds one or the other$/),
    ]);
  });
});

describe("which pushes a chart pipeline takes", () => {
  const lookup = createConfigLookup(load(CHART));
  const push = (tag: string, mediaType?: string) => lookup.forImage({ registry: "myacr.azurecr.io", repository: "helm/orders", tag, ...(mediaType ? { mediaType } : {}) });

  it("takes an OCI manifest tagged with a chart version in range, build metadata as helm push writes it", () => {
    expect(push("1.4.2", "application/vnd.oci.image.manifest.v1+json").matches.map((p) => p.name)).toEqual(["orders-chart"]);
    expect(push("1.5.0_build.7").matches).toHaveLength(1);
  });

  it("refuses image manifests, tags that are not SemVer 2 chart versions, and versions out of range, saying why", () => {
    expect(push("1.4.2", "application/vnd.docker.distribution.manifest.v2+json").refusals[0]?.reason).toMatch(/is a application\/vnd\.docker\.distribution\.manifest\.v2\+json manifest, not a Helm chart/);
    expect(push("1.4.2", "application/vnd.oci.image.index.v1+json").refusals[0]?.reason).toMatch(/not a Helm chart/);
    expect(push("latest").refusals[0]?.reason).toContain("tag latest is not a chart version");
    expect(push("1.4").refusals[0]?.reason).toContain("tag 1.4 is not a chart version");
    expect(push("2.0.0").refusals[0]?.reason).toBe("chart version 2.0.0 is outside ^1.4.0");
  });
});
