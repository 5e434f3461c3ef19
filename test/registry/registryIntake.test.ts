// The door's side of registry reads: a chart push whose registry cannot be read is kept (never
// lost, never promoted unchecked) and promoted by the pipelines timer's replay once the registry
// answers; a push the registry shows is not a chart is answered not promoted, with the reason.
import { describe, expect, it } from "vitest";
import { createIntake } from "../../shared/ingest/intake/intake.js";
import type { KeptImage, KeptImageStore } from "../../shared/ingest/kept/keptImages.js";
import { replayKeptImages } from "../../shared/ingest/kept/replayKept.js";
import type { ImagePublished } from "../../shared/ingest/model.js";
import type { Pipeline, PipelineLookup } from "../../shared/pipelines/types.js";
import { RegistryError } from "../../shared/registry/errors.js";
import type { ChartVerdict, RegistryInspector } from "../../shared/registry/inspect.js";
import { FakeSender, FakeStarter, memoryStore } from "../ingest/fakes.js";

const chartPipeline: Pipeline = { name: "orders-chart", source: { registry: "myacr.azurecr.io", repository: "helm/orders", tags: { kind: "any" }, artifact: "chart" } };
const lookup: PipelineLookup = { forImage: () => ({ matches: [chartPipeline], refusals: [] }) };
const push: ImagePublished = {
  kind: "image.published",
  registry: "myacr.azurecr.io",
  repository: "helm/orders",
  tag: "1.4.0",
  digest: `sha256:${"c".repeat(64)}`,
  mediaType: "application/vnd.oci.image.manifest.v1+json",
  publishedAt: "2026-03-03T00:00:00Z",
  source: "acr-eventgrid",
  deliveryId: "evt-1",
};

class MemoryKept implements KeptImageStore {
  readonly rows = new Map<string, KeptImage>();
  keep(image: ImagePublished, reason: string): Promise<void> {
    this.rows.set(image.deliveryId, { image, reason, keptAt: "2026-03-03T00:00:01Z" });
    return Promise.resolve();
  }
  list(): Promise<KeptImage[]> {
    return Promise.resolve([...this.rows.values()]);
  }
  remove(image: ImagePublished): Promise<void> {
    this.rows.delete(image.deliveryId);
    return Promise.resolve();
  }
}

function inspector(chart: () => Promise<ChartVerdict>): RegistryInspector & { reads: number } {
  const i = {
    reads: 0,
    chart: () => {
      i.reads += 1;
      return chart();
    },
    revision: () => Promise.resolve(undefined),
  };
  return i;
}

describe("a chart push at the door", () => {
  it("is kept while the registry cannot be read, and promoted by the replay once it can", async () => {
    const kept = new MemoryKept();
    const starter = new FakeStarter();
    const outage = inspector(() => Promise.reject(new RegistryError("unavailable", "manifest myacr.azurecr.io/helm/orders@sha256:ccc: the registry answered 503")));
    const intake = createIntake({ store: memoryStore(), pipelines: lookup, kept, starter, sender: new FakeSender(), registry: outage });
    const accepted = await intake.accept(push, { source: "acr-eventgrid", id: "evt-1" });
    expect(accepted).toEqual({ kind: "kept", reason: "orders-chart: registry unavailable: manifest myacr.azurecr.io/helm/orders@sha256:ccc: the registry answered 503" });
    expect(starter.calls).toEqual([]);
    expect([...kept.rows.keys()]).toEqual(["evt-1"]);

    const logs: string[] = [];
    const decider = { decide: () => Promise.resolve({ lookup }) };
    expect(await replayKeptImages({ kept, pipelines: decider, starter, registry: outage, log: (m) => logs.push(m) })).toBe(0);
    expect([...kept.rows.keys()]).toEqual(["evt-1"]);
    expect(logs[0]).toContain("still kept: orders-chart: registry unavailable");

    const back = inspector(() => Promise.resolve({ chart: true }));
    expect(await replayKeptImages({ kept, pipelines: decider, starter, registry: back, log: (m) => logs.push(m) })).toBe(1);
    expect(starter.calls.map((c) => c.status)).toEqual(["started"]);
    expect([...starter.instances.values()][0]).toMatchObject({ pipeline: "orders-chart", image: { artifact: "chart", digest: push.digest } });
    expect(kept.rows.size).toBe(0);
  });

  it("is not promoted when the registry shows it is not a chart, or refuses Baton, with the reason", async () => {
    const starter = new FakeStarter();
    const notChart = inspector(() => Promise.resolve({ chart: false, reason: "myacr.azurecr.io/helm/orders:1.4.0 is not a Helm chart: its config media type is application/vnd.oci.image.config.v1+json" }));
    const accepted = await createIntake({ store: memoryStore(), pipelines: lookup, kept: new MemoryKept(), starter, sender: new FakeSender(), registry: notChart }).accept(push, { source: "acr-eventgrid", id: "evt-2" });
    expect(accepted).toEqual({ kind: "promotion", outcome: { promotions: [], skipped: [{ pipeline: "orders-chart", reason: expect.stringContaining("is not a Helm chart") as string }] } });
    const refused = inspector(() => Promise.reject(new RegistryError("refused", "the registry refused the app's identity (403); grant it AcrPull on the registry")));
    const denied = await createIntake({ store: memoryStore(), pipelines: lookup, kept: new MemoryKept(), starter, sender: new FakeSender(), registry: refused }).accept(push, { source: "acr-eventgrid", id: "evt-3" });
    expect(denied).toMatchObject({ kind: "promotion", outcome: { skipped: [{ pipeline: "orders-chart", reason: "registry: the registry refused the app's identity (403); grant it AcrPull on the registry" }] } });
    expect(starter.calls).toEqual([]);
  });

  it("reads the registry once per push, however many pipelines ask", async () => {
    const twice: PipelineLookup = { forImage: () => ({ matches: [chartPipeline, { ...chartPipeline, name: "orders-chart-eu" }], refusals: [] }) };
    const once = inspector(() => Promise.resolve({ chart: true }));
    const starter = new FakeStarter();
    await createIntake({ store: memoryStore(), pipelines: twice, kept: new MemoryKept(), starter, sender: new FakeSender(), registry: once }).accept(push, { source: "acr-eventgrid", id: "evt-4" });
    expect(once.reads).toBe(1);
    expect(starter.calls).toHaveLength(2);
  });

  it("reads nothing for image pipelines, tag bundles, or images whose event carries the revision (GHCR)", async () => {
    const image: Pipeline = { name: "orders-api", source: { registry: "myacr.azurecr.io", repository: "orders-api", tags: { kind: "any" } } };
    const members = [
      { name: "web", registry: "myacr.azurecr.io", repository: "orders-api" },
      { name: "api", registry: "ghcr.io", repository: "contoso/api" },
    ];
    const byTag: Pipeline = { name: "shop-tag", source: { ...image.source, bundle: { members, together: "tag", windowMs: 60_000 } } };
    const byRevision: Pipeline = { name: "shop-rev", source: { ...image.source, bundle: { members, together: "revision", windowMs: 60_000 } } };
    const lookupAll: PipelineLookup = { forImage: () => ({ matches: [image, byTag, byRevision], refusals: [] }) };
    const watched = { ...inspector(() => Promise.resolve({ chart: true })), revisions: 0 };
    watched.revision = () => {
      watched.revisions += 1;
      return Promise.resolve("6c62fb4");
    };
    const ghcr: ImagePublished = { ...push, registry: "ghcr.io", repository: "contoso/api", source: "github-package", revision: "6c62fb4", deliveryId: "pkg-1" };
    await createIntake({ store: memoryStore(), pipelines: lookupAll, kept: new MemoryKept(), starter: new FakeStarter(), sender: new FakeSender(), registry: watched }).accept(ghcr, { source: "github-package", id: "pkg-1" });
    expect({ charts: watched.reads, revisions: watched.revisions }).toEqual({ charts: 0, revisions: 0 });
    const acrImage: ImagePublished = { ...push, repository: "orders-api", deliveryId: "evt-5" };
    await createIntake({ store: memoryStore(), pipelines: lookupAll, kept: new MemoryKept(), starter: new FakeStarter(), sender: new FakeSender(), registry: watched }).accept(acrImage, { source: "acr-eventgrid", id: "evt-5" });
    // Only the revision bundle asks, once, for the ACR image.
    expect({ charts: watched.reads, revisions: watched.revisions }).toEqual({ charts: 0, revisions: 1 });
  });
});
