import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { z } from "zod";
import { ORCHESTRATOR, type PromotionInput } from "../../durable/names.js";
import { promotionInstanceId } from "../../ingest/intake/instanceId.js";
import { subjectFor } from "../../ingest/intake/promoteImage.js";
import type { ImagePublished } from "../../ingest/model.js";
import { parseWith } from "../../ingest/parse/schema.js";
import { describeActor } from "../actor.js";
import type { Caller } from "../auth/roles.js";
import { isLive, readStatus } from "../durable/opsClient.js";
import { pipelineName, reasonField } from "../http/fields.js";
import { readJsonBody } from "../http/jsonBody.js";
import { Refusal } from "../http/refusal.js";
import { tracePromotionStart } from "../../telemetry/promotionStart.js";
import { audited, requireRoleFor } from "./audited.js";
import type { OpsDeps } from "./opsDeps.js";

const body = z.object({
  pipeline: pipelineName,
  image: z.object(
    {
      registry: z.string().trim().min(1).max(253).transform((s) => s.toLowerCase()),
      repository: z.string().trim().min(1).max(256).transform((s) => s.toLowerCase()),
      tag: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "must be an OCI tag"),
      digest: z.string().regex(/^[a-z0-9]+:[a-f0-9]{32,128}$/, "must be an OCI digest such as sha256:<64 hex>"),
    },
    { error: "image is required: { registry, repository, tag, digest }" },
  ),
  reason: reasonField,
});

/** POST /api/promotions: start a promotion by hand under the same deterministic id as an event would. */
export async function startPromotion(deps: OpsDeps, caller: Caller, request: HttpRequest): Promise<HttpResponseInit> {
  const input = parseWith(body, await readJsonBody(request, deps.maxBodyBytes), "promotion request");
  const id = promotionInstanceId(input.pipeline, input.image.digest);
  const call = { caller, action: "promotion.start", target: { kind: "promotion" as const, promotionId: id } };
  await requireRoleFor(deps, call, "operator");
  await audited(
    deps,
    { ...call, reason: input.reason },
    async () => {
      const pipelines = await deps.pipelines.current();
      if ("unavailable" in pipelines) throw new Refusal(409, pipelines.unavailable);
      if (!pipelines.names.has(input.pipeline)) throw new Refusal(404, `no pipeline named ${input.pipeline}`);
      const { matches, refusals } = pipelines.lookup.forImage(input.image);
      const pipeline = matches.find((p) => p.name === input.pipeline);
      // A hand start names one image; a bundle's promotion needs all of them (docs/bundles.md).
      if (pipeline?.source.bundle) {
        throw new Refusal(409, `pipeline ${input.pipeline} promotes a bundle of images: it starts when every image of the bundle was published, not by hand`);
      }
      if (!pipeline) {
        const why = refusals.find((r) => r.pipeline === input.pipeline)?.reason ?? `it watches another repository than ${input.image.registry}/${input.image.repository}`;
        throw new Refusal(400, `pipeline ${input.pipeline} does not take this image: ${why}`);
      }
      const existing = await readStatus(deps.client, id);
      if (existing && isLive(existing)) throw new Refusal(409, `promotion ${id} is already ${String(existing.runtimeStatus)}`);
      return pipeline;
    },
    async (pipeline, auditId) => {
      const at = deps.now().toISOString();
      const promotion: PromotionInput = {
        pipeline: input.pipeline,
        image: subjectFor(pipeline, { kind: "image.published", ...input.image, publishedAt: at, source: sourceFor(input.image.registry), deliveryId: `ops:${auditId}` }),
        startedBy: describeActor(caller.actor),
      };
      try {
        await tracePromotionStart(id, promotion, (traced) => deps.client.startNew(ORCHESTRATOR.promotion, { instanceId: id, input: traced }), () => "started");
      } catch (error) {
        // Pending or Running ids cannot be overridden: someone started it in between.
        const now = await readStatus(deps.client, id);
        if (now && isLive(now)) throw new Refusal(409, `promotion ${id} is already ${String(now.runtimeStatus)}`);
        throw new Error(`cannot start promotion ${id}`, { cause: error });
      }
    },
  );
  const url = deps.locate(id);
  return { status: 202, headers: { Location: url }, jsonBody: { id, url, status: "started" } };
}

/**
 * ImagePublished has no "ops" source yet (shared/ingest/model.ts); the door that would have
 * reported this registry is the closest truth, and `deliveryId: ops:<audit id>` marks the hand start.
 */
function sourceFor(registry: string): ImagePublished["source"] {
  return registry === "ghcr.io" ? "github-package" : "acr-webhook";
}
