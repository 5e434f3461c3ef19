// Issue 14.3 edits: chart versions in a HelmRelease, a Flux OCIRepository and a Chart.yaml
// dependency (with its Chart.lock kept consistent, or a clear refusal).
import { describe, expect, it } from "vitest";
import { applyEdits } from "../../shared/gitops/applyEdits.js";
import { helmDependencyDigest, lockPathFor } from "../../shared/gitops/chartLock.js";
import { editText, readImage } from "../../shared/gitops/editFile.js";
import type { ImageEdit } from "../../shared/gitops/edit.js";
import { parseImageEdit } from "../../shared/gitops/editSchema.js";
import { digestA, fixture, lineChanges } from "./helpers.js";

const chart = (tag: string, digest?: string): ImageEdit["image"] => ({ name: "acme.azurecr.io/helm/podinfo", tag, ...(digest ? { digest } : {}) });

describe("Helm's Chart.lock digest", () => {
  it.each(["n8n", "betterstack"])("reproduces the digest Helm wrote in a real chart's Chart.lock (%s)", (name) => {
    const lock = fixture(`helmLock/${name}/Chart.lock`);
    const recorded = /digest: (sha256:[0-9a-f]{64})/.exec(lock)?.[1];
    expect(helmDependencyDigest(fixture(`helmLock/${name}/Chart.yaml`), lock, "Chart.yaml", "Chart.lock")).toBe(recorded);
  });

  it("finds the lock beside the chart", () => {
    expect(lockPathFor("charts/shop/Chart.yaml")).toBe("charts/shop/Chart.lock");
    expect(lockPathFor("Chart.yaml")).toBe("Chart.lock");
  });
});

describe("HelmRelease spec.chart.spec.version", () => {
  const text = fixture("charts/helmrelease.yaml");
  const edit = parseImageEdit({ file: "hr.yaml", image: chart("6.6.0_build.7"), target: { kind: "helm-release-chart" } });

  it("sets the version (SemVer + restored from the OCI tag's _), keeping quotes and comment", () => {
    const result = editText(text, edit);
    expect(lineChanges(text, result.text)).toEqual([[22, '      version: "6.5.4" # pinned per stage', '      version: "6.6.0+build.7" # pinned per stage']]);
    expect(readImage(result.text, edit)).toEqual({ name: "acme.azurecr.io/helm/podinfo", tag: "6.6.0+build.7" });
    expect(editText(result.text, edit).changed).toBe(false);
  });

  it("adds a missing version under spec.chart.spec, and refuses another chart or a chartRef release", () => {
    const unpinned = text.replace('      version: "6.5.4" # pinned per stage\n', "");
    expect(editText(unpinned, edit).text).toBe(unpinned.replace("        namespace: flux-system\n  values:", "        namespace: flux-system\n      version: 6.6.0+build.7\n  values:"));
    expect(() => editText(text.replace("chart: podinfo", "chart: other"), edit)).toThrow(/installs chart other, not podinfo/);
    const chartRef = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\nspec:\n  chartRef:\n    kind: OCIRepository\n    name: podinfo-chart\n";
    expect(() => editText(chartRef, edit)).toThrow(/spec\.chartRef.*kind oci-repository/);
  });
});

describe("OCIRepository spec.ref", () => {
  const text = fixture("charts/helmrelease.yaml");
  const target = { kind: "oci-repository" } as const;

  it("sets the tag; with a digest adds spec.ref.digest; a tag-only edit removes a stale digest", () => {
    const tagged = editText(text, { file: "o.yaml", image: chart("6.6.0"), target });
    expect(lineChanges(text, tagged.text)).toEqual([[39, "    tag: 6.5.4", "    tag: 6.6.0"]]);
    const pinned = editText(text, { file: "o.yaml", image: chart("6.6.0", digestA), target });
    expect(pinned.text).toBe(text.replace("    tag: 6.5.4\n", `    tag: 6.6.0\n    digest: ${digestA}\n`));
    expect(editText(pinned.text, { file: "o.yaml", image: chart("6.7.0"), target }).text).toBe(text.replace("    tag: 6.5.4\n", "    tag: 6.7.0\n"));
  });

  it("writes semver when the file uses it, and refuses a repository that points elsewhere", () => {
    const semver = text.replace("    tag: 6.5.4", '    semver: ">=6.5.0"');
    expect(editText(semver, { file: "o.yaml", image: chart("6.6.0_1"), target }).text).toBe(text.replace("    tag: 6.5.4", '    semver: "6.6.0+1"'));
    expect(() => editText(text, { file: "o.yaml", image: { name: "acme.azurecr.io/helm/other", tag: "1.0.0" }, target })).toThrow(/points at oci:\/\/acme\.azurecr\.io\/helm\/podinfo, not oci:\/\/acme\.azurecr\.io\/helm\/other/);
  });
});

describe("Chart.yaml dependency versions with Chart.lock", () => {
  const files = (extra: Record<string, string> = {}): Map<string, string> =>
    new Map(Object.entries({ "charts/shop/Chart.yaml": fixture("charts/Chart.yaml"), "charts/shop/Chart.lock": fixture("charts/Chart.lock"), ...extra }));
  const read = (map: Map<string, string>) => (path: string) => Promise.resolve(map.get(path));
  const dependency = (name: string, tag: string, dep?: string): ImageEdit =>
    parseImageEdit({ file: "charts/shop/Chart.yaml", image: { name: `acme.azurecr.io/helm/${name}`, tag }, target: { kind: "chart-dependency", ...(dep ? { name: dep } : {}) } });

  it("moves the dependency and the lock's version and digest, byte-exact elsewhere, and Helm's check passes", async () => {
    const before = files();
    const result = await applyEdits(read(before), [dependency("frontend", "1.3.0")]);
    const chartYaml = result.files.get("charts/shop/Chart.yaml") ?? "";
    const lock = result.files.get("charts/shop/Chart.lock") ?? "";
    expect(lineChanges(before.get("charts/shop/Chart.yaml") ?? "", chartYaml)).toEqual([[9, '    version: "1.2.0"            # promoted by Baton', '    version: "1.3.0"            # promoted by Baton']]);
    const lockLines = lineChanges(before.get("charts/shop/Chart.lock") ?? "", lock);
    expect(lockLines.map(([n]) => n)).toEqual([4, 11]);
    expect(lockLines[0]).toEqual([4, "  version: 1.2.0", "  version: 1.3.0"]);
    // What `helm dependency build` checks: the lock's digest is the hash of both dependency lists.
    expect(lock).toContain(`digest: ${helmDependencyDigest(chartYaml, lock, "Chart.yaml", "Chart.lock")}\n`);
    expect(lock.endsWith('generated: "2026-11-30T09:12:44.123456789Z"\n')).toBe(true);
    expect(result.changes.map((c) => `${c.file} ${c.where}`)).toEqual(["charts/shop/Chart.yaml dependencies[0].version", "charts/shop/Chart.lock dependencies[0].version", "charts/shop/Chart.lock digest"]);
    const again = await applyEdits(read(new Map([...before, ...result.files])), [dependency("frontend", "1.3.0")]);
    expect(again.files.size).toBe(0);
  });

  it("an aliased dependency with import-values: found by its alias", async () => {
    const result = await applyEdits(read(files()), [dependency("api", "2.1.0", "shop-api")]);
    const lock = result.files.get("charts/shop/Chart.lock") ?? "";
    expect(lock).toContain("- name: api\n  repository: oci://acme.azurecr.io/helm\n  version: 2.1.0\n");
    expect(lock).toContain(`digest: ${helmDependencyDigest(result.files.get("charts/shop/Chart.yaml") ?? "", lock, "Chart.yaml", "Chart.lock")}`);
  });

  it("without a Chart.lock only Chart.yaml changes", async () => {
    const only = new Map([["charts/shop/Chart.yaml", fixture("charts/Chart.yaml")]]);
    const result = await applyEdits(read(only), [dependency("frontend", "1.3.0")]);
    expect([...result.files.keys()]).toEqual(["charts/shop/Chart.yaml"]);
  });

  it("refuses with a clear message: a lock out of sync, a vendored archive, a dependency from another repository", async () => {
    const stale = files({ "charts/shop/Chart.lock": fixture("charts/Chart.lock").replace("version: 2.0.1", "version: 2.0.0") });
    await expect(applyEdits(read(stale), [dependency("frontend", "1.3.0")])).rejects.toMatchObject({ kind: "unsupported-target", message: expect.stringMatching(/not the lock Helm made.*helm dependency update/) as unknown });
    const vendored = files({ "charts/shop/charts/frontend-1.2.0.tgz": "binary" });
    await expect(applyEdits(read(vendored), [dependency("frontend", "1.3.0")])).rejects.toMatchObject({ message: expect.stringMatching(/charts\/shop\/charts\/frontend-1\.2\.0\.tgz is vendored/) as unknown });
    await expect(applyEdits(read(files()), [dependency("redis", "19.0.0")])).rejects.toMatchObject({ kind: "target-not-found", message: expect.stringMatching(/from https:\/\/charts\.bitnami\.com\/bitnami, not redis from oci:\/\/acme\.azurecr\.io\/helm/) as unknown });
  });
});
