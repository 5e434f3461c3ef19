/**
 * What a pipeline needs read from the registry before it can take a push, read once per push
 * however many pipelines ask (docs/helmCharts.md, docs/bundles.md):
 *
 * - a chart pipeline: the manifest, which must be a Helm chart (the event cannot say);
 * - a bundle that belongs together by revision, for an ACR push (ACR's events carry no labels):
 *   the image config's `org.opencontainers.image.revision` label.
 *
 * A registry that cannot be reached yields `unavailable` (the caller keeps the push and decides it
 * again later); a registry that refuses Baton or holds something else yields `refused`, the
 * reason the push is not promoted.
 */
import type { Pipeline } from "../../pipelines/types.js";
import { RegistryError } from "../../registry/errors.js";
import type { RegistryInspector } from "../../registry/inspect.js";
import type { ImagePublished } from "../model.js";

export type RegistryRead = { kind: "ready"; image: ImagePublished } | { kind: "refused"; reason: string } | { kind: "unavailable"; reason: string };

export interface RegistryReads {
  forPipeline(pipeline: Pipeline): Promise<RegistryRead>;
}

const ACR_DOORS: ReadonlySet<ImagePublished["source"]> = new Set(["acr-eventgrid", "acr-webhook"]);

export function registryReads(inspector: RegistryInspector | undefined, image: ImagePublished): RegistryReads {
  let chart: Promise<RegistryRead> | undefined;
  let revision: Promise<RegistryRead> | undefined;
  return {
    forPipeline(pipeline) {
      if (!inspector) return Promise.resolve({ kind: "ready", image });
      if (pipeline.source.artifact === "chart") {
        chart ??= settle(async () => {
          const verdict = await inspector.chart(image);
          return verdict.chart ? { kind: "ready", image } : { kind: "refused", reason: verdict.reason };
        });
        return chart;
      }
      if (pipeline.source.bundle?.together === "revision" && image.revision === undefined && ACR_DOORS.has(image.source)) {
        revision ??= settle(async () => {
          const found = await inspector.revision(image);
          return found
            ? { kind: "ready", image: { ...image, revision: found } }
            : { kind: "refused", reason: `the bundle belongs together by revision, and ${image.registry}/${image.repository}:${image.tag} carries no org.opencontainers.image.revision label in its image config (docs/bundles.md)` };
        });
        return revision;
      }
      return Promise.resolve({ kind: "ready", image });
    },
  };
}

async function settle(read: () => Promise<RegistryRead>): Promise<RegistryRead> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    return error.retryable ? { kind: "unavailable", reason: `registry unavailable: ${error.message}` } : { kind: "refused", reason: `registry: ${error.message}` };
  }
}
