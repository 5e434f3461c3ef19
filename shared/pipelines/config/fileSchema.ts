import { z } from "zod";
import { duration } from "./duration.js";
import { stageFields, stageLayer, stageName } from "./stageSchema.js";
import { tagPolicySchema } from "./tagPolicySchema.js";

// The pipelines file, version 1. docs/pipelines.schema.json is generated from this schema
// (jsonSchema.ts), so editors and the loader agree by construction.

const pipelineName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "expected 1-40 lower-case letters, digits or dashes (it becomes part of promotion ids)");

// registry host (with a dot, a port or `localhost`) / repository path, no tag or digest.
const IMAGE = /^((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d+)?)\/([a-z0-9]+(?:(?:[._]|__|-+|\/)[a-z0-9]+)*)$/i;
const ociRepository = (example: string) =>
  z
    .string()
    .refine((s) => {
      const host = IMAGE.exec(s)?.[1];
      return host !== undefined && (host.includes(".") || host.includes(":") || host === "localhost");
    }, `expected registry-host/repository without tag or digest, e.g. ${example}`)
    .transform((s) => {
      const slash = s.indexOf("/");
      return { registry: s.slice(0, slash).toLowerCase(), repository: s.slice(slash + 1).toLowerCase() };
    });

const image = ociRepository("myacr.azurecr.io/orders-api or docker.io/library/nginx").meta({
  description: "The image this pipeline promotes: registry host and repository, no tag.",
});
const chart = ociRepository("myacr.azurecr.io/helm/orders (helm push chart.tgz oci://myacr.azurecr.io/helm)").meta({
  description: "The Helm chart this pipeline promotes, as an OCI repository without oci:// or version: every tag pushed there is a chart version (docs/helmCharts.md).",
});

// A bundle's member names: edits name them in `image:`.
export const memberName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "expected a member name of 1-40 lower-case letters, digits or dashes")
  .meta({ id: "bundleMemberName" });

const bundle = z
  .strictObject({
    images: z
      .record(memberName, image)
      .refine((images) => Object.keys(images).length > 0, "expected at least one more image: name: registry-host/repository")
      .meta({ description: "The other images promoted with source.image, by name (edits name them in image:)." }),
    together: z
      .enum(["tag", "revision"])
      .meta({ description: "How images belong together: the same tag (default), or the same org.opencontainers.image.revision label." })
      .optional(),
    window: duration.meta({ description: "How long after the first image the others may arrive (default 30m); then the promotion is recorded as incomplete." }).optional(),
  })
  .meta({ id: "bundle", description: "Promote several images together (docs/bundles.md): one commit per stage with every image." });

const source = z
  .strictObject({ image: image.optional(), chart: chart.optional(), tags: tagPolicySchema.optional(), bundle: bundle.optional() })
  .superRefine((s, ctx) => {
    if (s.image && s.chart) ctx.addIssue({ code: "custom", path: ["chart"], message: "expected image or chart, not both: a repository holds images or Helm charts" });
    if (s.chart && s.bundle) ctx.addIssue({ code: "custom", path: ["bundle"], message: "expected no bundle with a chart: a bundle promotes several images together" });
    if (!s.image && !s.chart) ctx.addIssue({ code: "custom", path: ["image"], message: "expected image (a container image) or chart (a Helm chart in an OCI registry)" });
  })
  .transform((s) => {
    const where = s.chart ?? s.image ?? { registry: "", repository: "" };
    return { ...where, ...(s.tags ? { tags: s.tags } : {}), ...(s.chart ? { artifact: "chart" as const } : {}), ...(s.bundle ? { bundle: s.bundle } : {}) };
  })
  .meta({ description: "What this pipeline promotes: an image, or a Helm chart (chart), and which tags start a promotion." });

const supersede = z.enum(["newest-wins", "queue"]).meta({ description: "A newer image for a stage: supersede an older promotion waiting there, or queue behind it." });

export const pipelineSchema = z.strictObject({
  name: pipelineName,
  source,
  supersede: supersede.optional(),
  git: stageFields.git.meta({ description: "This pipeline's repository defaults, over the file's defaults.git." }),
  template: stageLayer.meta({ description: "Applied to every stage; {stage} and {pipeline} in strings are replaced." }).optional(),
  stages: z
    .array(z.union([stageName, z.strictObject({ name: stageName, ...stageFields })]))
    .min(1, "expected at least one stage; leave stages out for dev, staging, pre-prod, prod")
    .meta({ description: "Ordered stages: a name (template only) or an object overriding the template. Default: dev, staging, pre-prod, prod." })
    .optional(),
});

export const pipelinesFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1, { error: "expected version: 1 (the only format this Baton reads)" }),
    defaults: z.strictObject({ supersede: supersede.optional(), ...stageFields }).meta({ description: "Defaults for every pipeline and stage." }).optional(),
    pipelines: z.array(pipelineSchema),
  })
  .meta({ title: "Baton pipelines", description: "Baton pipeline configuration (version 1). See docs/examples/pipelines.yaml." });

export type PipelinesFile = z.output<typeof pipelinesFileSchema>;
export type PipelineEntry = z.output<typeof pipelineSchema>;
