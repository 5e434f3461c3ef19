/**
 * What Baton reads from a registry about a push that the push event itself does not say
 * (docs/helmCharts.md, docs/bundles.md):
 *
 * - whether an OCI manifest is a Helm chart: its config media type is Helm's config type and a
 *   layer is the chart archive (Helm's OCI support, HIP-0006);
 * - an image's source commit, its `org.opencontainers.image.revision` label in the image config
 *   (`config.Labels`), through an image index to one platform's manifest when the push was
 *   multi-arch (all platforms of one build carry the same labels).
 */
import { HELM_CHART_CONFIG } from "../pipelines/chartPush.js";
import { RegistryError } from "./errors.js";
import { MAX_CONFIG_BYTES, parseObject, type RegistryReader } from "./acrClient.js";

export const HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
export const REVISION_LABEL = "org.opencontainers.image.revision";

const INDEX_TYPES = new Set(["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"]);

export interface PushedArtifact {
  registry: string;
  repository: string;
  tag: string;
  digest: string;
}

/** A check's verdict: a RegistryError says why none could be given (retryable when `unavailable`). */
export type ChartVerdict = { chart: true } | { chart: false; reason: string };

export interface RegistryInspector {
  chart(push: PushedArtifact): Promise<ChartVerdict>;
  /** The revision label, or undefined when the image carries none. */
  revision(push: PushedArtifact): Promise<string | undefined>;
}

interface Descriptor {
  mediaType?: unknown;
  digest?: unknown;
  size?: unknown;
  platform?: { os?: unknown; architecture?: unknown };
}

export function createRegistryInspector(reader: RegistryReader): RegistryInspector {
  return {
    async chart(push) {
      const manifest = parseObject((await reader.manifest(push.registry, push.repository, push.digest)).bytes, `manifest ${ref(push)}`);
      const config = (manifest.config ?? {}) as Descriptor;
      const layers = Array.isArray(manifest.layers) ? (manifest.layers as Descriptor[]) : [];
      const configType = typeof config.mediaType === "string" ? config.mediaType : "(none)";
      if (configType !== HELM_CHART_CONFIG) {
        return { chart: false, reason: `${ref(push)} is not a Helm chart: its config media type is ${configType}, not ${HELM_CHART_CONFIG} (this pipeline promotes charts; push images to another repository)` };
      }
      if (!layers.some((l) => l.mediaType === HELM_CHART_LAYER)) {
        return { chart: false, reason: `${ref(push)} has Helm's config but no chart layer (${HELM_CHART_LAYER})` };
      }
      return { chart: true };
    },

    async revision(push) {
      let digest = push.digest;
      let manifest = parseObject((await reader.manifest(push.registry, push.repository, digest)).bytes, `manifest ${ref(push)}`);
      const annotated = revisionIn(manifest.annotations);
      if (INDEX_TYPES.has(String(manifest.mediaType)) || Array.isArray(manifest.manifests)) {
        if (annotated) return annotated;
        const platform = platformManifest(Array.isArray(manifest.manifests) ? (manifest.manifests as Descriptor[]) : []);
        if (!platform) throw new RegistryError("invalid", `index ${ref(push)} lists no image manifest`);
        digest = platform;
        manifest = parseObject((await reader.manifest(push.registry, push.repository, digest)).bytes, `manifest ${push.registry}/${push.repository}@${digest}`);
      }
      const config = (manifest.config ?? {}) as Descriptor;
      if (typeof config.digest !== "string") return revisionIn(manifest.annotations);
      const blob = await reader.blob(push.registry, push.repository, config.digest, MAX_CONFIG_BYTES);
      const image = parseObject(blob.bytes, `config of ${ref(push)}`);
      const labels = (image.config as { Labels?: unknown } | undefined)?.Labels;
      return revisionIn(labels) ?? revisionIn(manifest.annotations);
    },
  };
}

function ref(push: PushedArtifact): string {
  return `${push.registry}/${push.repository}:${push.tag}`;
}

function revisionIn(map: unknown): string | undefined {
  if (typeof map !== "object" || map === null) return undefined;
  const value = (map as Record<string, unknown>)[REVISION_LABEL];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/**
 * One platform's manifest of an index: linux/amd64 when there, else the first real platform.
 * Build attestations (buildx) are listed with platform unknown/unknown and carry no labels.
 */
function platformManifest(entries: Descriptor[]): string | undefined {
  const images = entries.filter((e) => typeof e.digest === "string" && e.platform?.os !== "unknown" && !INDEX_TYPES.has(String(e.mediaType)));
  const amd64 = images.find((e) => e.platform?.os === "linux" && e.platform.architecture === "amd64");
  return (amd64 ?? images[0])?.digest as string | undefined;
}
