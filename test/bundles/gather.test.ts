// The gatherer over the real arrivals table (Azurite): arrivals in any order complete one group
// under one promotion id, a repeated image changes nothing, the window closes a group exactly
// once and never one that completed, and a rebuild after a closed window opens a new generation.
import { beforeAll, describe, expect, it } from "vitest";
import { TableBundleArrivals } from "../../shared/bundles/arrivals.js";
import { closeBundleWindow } from "../../shared/bundles/closeWindow.js";
import { createBundleGatherer, type BundleWindowInput } from "../../shared/bundles/gather.js";
import { commitMessage, parseCommitTrailers } from "../../shared/gitops/commitMessage.js";
import { imageFromPackageEvent } from "../../shared/ingest/parse/githubPackage.js";
import type { ImagePublished } from "../../shared/ingest/model.js";
import type { Pipeline } from "../../shared/pipelines/types.js";
import { openTable } from "../../shared/store/tableClient.js";
import { taggedContainerPackage } from "../fixtures/ingest/github.js";
import { FakeStarter } from "../ingest/fakes.js";
import { useAzurite } from "../support/azurite.js";

const azurite = useAzurite();
let store: TableBundleArrivals;
const windows: { id: string; input: BundleWindowInput }[] = [];
const gatherer = () => createBundleGatherer({ store, windows: { startWindow: (id, input) => Promise.resolve(void windows.push({ id, input })) } });

beforeAll(async () => {
  store = new TableBundleArrivals(await openTable({ kind: "connection-string", value: azurite().connectionString }, `bundles${Date.now()}`));
});

const shop = (together: "tag" | "revision" = "tag"): Pipeline => ({
  name: together === "tag" ? "shop" : "shop-rev",
  source: {
    registry: "myacr.azurecr.io",
    repository: "web",
    tags: { kind: "any" },
    bundle: {
      members: [
        { name: "web", registry: "myacr.azurecr.io", repository: "web" },
        { name: "api", registry: "ghcr.io", repository: "acme/api" },
      ],
      together,
      windowMs: 600_000,
    },
  },
});

function image(repository: string, tag: string, digest: string, extra: Partial<ImagePublished> = {}): ImagePublished {
  const registry = repository === "web" ? "myacr.azurecr.io" : "ghcr.io";
  return { kind: "image.published", registry, repository, tag, digest, publishedAt: "2026-01-01T00:00:00Z", source: "acr-eventgrid", deliveryId: `${repository}-${digest}`, ...extra };
}

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, "0")}`;

describe("gathering a bundle", () => {
  it("completes in either order under the same promotion id, the primary first", async () => {
    const g = gatherer();
    const first = await g.gather(shop(), image("acme/api", "1.0.0", digest(2)));
    expect(first).toMatchObject({ kind: "waiting", arrived: ["api"], missing: ["web"] });
    expect(windows.at(-1)?.input).toMatchObject({ pipeline: "shop", key: "tag:1.0.0", generation: 1, windowMs: 600_000 });
    const done = await g.gather(shop(), image("web", "1.0.0", digest(1)));
    if (done.kind !== "complete") throw new Error(`expected complete, got ${done.kind}`);
    expect(done.input.image.repository).toBe("web");
    expect(done.input.bundle?.images.map((i) => i.member)).toEqual(["web", "api"]);

    const other = gatherer();
    await other.gather(shop(), image("web", "1.0.1", digest(1)));
    const swapped = await other.gather(shop(), image("acme/api", "1.0.1", digest(2)));
    expect(swapped.kind === "complete" && swapped.instanceId).toBe(done.instanceId);
    // The same image again: nothing changes, the same promotion is named.
    const again = await g.gather(shop(), image("web", "1.0.0", digest(1)));
    expect(again.kind === "complete" && again.instanceId).toBe(done.instanceId);
  });

  it("closes a gathering window once, and never a completed one (it only makes sure of its promotion)", async () => {
    const g = gatherer();
    await g.gather(shop(), image("web", "2.0.0", digest(3)));
    const input = windows.at(-1)?.input;
    if (!input) throw new Error("no window");
    const closed = await closeBundleWindow(store, new FakeStarter(), input);
    expect(closed).toMatchObject({ kind: "expired", input: { bundle: { missing: ["api"], value: "2.0.0" } } });
    expect(await closeBundleWindow(store, new FakeStarter(), input)).toMatchObject({ kind: "nothing" });
    // The missing image, late: a new generation, not a completion of the closed one.
    expect(await g.gather(shop(), image("acme/api", "2.0.0", digest(4)))).toMatchObject({ kind: "waiting", arrived: ["api"] });
    expect(windows.at(-1)?.input.generation).toBe(2);
    // The closed image again: refused, with the reason.
    await g.gather(shop(), image("web", "2.0.0", digest(5)));
    const completed = windows.at(-1)?.input;
    expect((await store.read("shop", "tag:2.0.0"))?.state).toBe("complete");
    if (completed) expect(await closeBundleWindow(store, new FakeStarter(), completed)).toMatchObject({ kind: "complete" });
  });

  it("loses no promotion when the door stops between recording the last arrival and starting it", async () => {
    const g = gatherer();
    await g.gather(shop(), image("web", "5.0.0", digest(10)));
    const window = windows.at(-1);
    if (!window) throw new Error("no window");
    // The last image is recorded, then the process dies: the door never calls the starter, and
    // the sender does not retry (a GitHub webhook never does).
    const done = await g.gather(shop(), image("acme/api", "5.0.0", digest(11)));
    if (done.kind !== "complete") throw new Error(`expected complete, got ${done.kind}`);
    // The arrival that completed the group also made sure its window exists (the first arrival
    // may have died before opening it): the same instance, so nothing opens twice.
    expect(windows.at(-1)).toEqual(window);
    // The window closes: it starts the promotion the door would have started, under its id.
    const starter = new FakeStarter();
    expect(await closeBundleWindow(store, starter, window.input)).toEqual({ kind: "complete", instanceId: done.instanceId, status: "started" });
    expect(starter.instances.get(done.instanceId)).toEqual(done.input);
    // Had the door started it, the window's start finds it there and starts nothing.
    expect(await closeBundleWindow(store, starter, window.input)).toEqual({ kind: "complete", instanceId: done.instanceId, status: "exists" });
    expect(starter.instances.size).toBe(1);
  });

  it("groups by the revision label GHCR's package event carries, and refuses an image without one", async () => {
    const ghcr = imageFromPackageEvent((taggedContainerPackage("7.0.0", digest(7)) as { package: unknown }).package, { deliveryId: "d1", receivedAt: "2026-01-01T00:00:00Z" });
    expect(ghcr).toMatchObject({ revision: "6c62fb45fe66bfb1ea9a66abc38f6a0cc974292b" });
    const g = gatherer();
    const refused = await g.gather(shop("revision"), image("web", "7.0.0", digest(8)));
    expect(refused).toMatchObject({ kind: "refused" });
    expect(refused.kind === "refused" && refused.reason).toContain("no org.opencontainers.image.revision label");
    await g.gather(shop("revision"), image("web", "7.0.0", digest(8), { revision: "6c62fb45fe66bfb1ea9a66abc38f6a0cc974292b" }));
    const done = await g.gather(shop("revision"), image("acme/api", "7.1.0", digest(9), { revision: "6c62fb45fe66bfb1ea9a66abc38f6a0cc974292b" }));
    expect(done).toMatchObject({ kind: "complete", input: { bundle: { together: "revision", value: "6c62fb45fe66bfb1ea9a66abc38f6a0cc974292b" } } });
  });
});

describe("a bundle commit's trailers", () => {
  it("list every image and read back", () => {
    const images = [
      { member: "web", name: "myacr.azurecr.io/web", tag: "1.0.0", digest: digest(1) },
      { member: "api", name: "localhost:5000/acme/api", digest: digest(2) },
    ];
    const message = commitMessage({ promotionId: "promo-shop-x", pipeline: "shop", stage: "dev", image: images[0] ?? { name: "x" }, bundle: { key: "tag 1.0.0", images } }, []);
    expect(message).toContain(`Baton-Bundle-Image: api=localhost:5000/acme/api@${digest(2)}`);
    expect(parseCommitTrailers(message)?.bundle).toEqual({ key: "tag 1.0.0", images });
  });
});
