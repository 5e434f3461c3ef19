import { z } from "zod";
import type { EventSource, ImagePublished } from "../model.js";
import { ociDigest, ociTag } from "./oci.js";
import { ignored, parseWith, type Ignored } from "./schema.js";
import { Rejection } from "../http/rejection.js";

// The `data` of Microsoft.ContainerRegistry.* events and the body of ACR native webhooks share
// this shape (protocols.md 1.2, 1.8). Tag, request and media type may be absent (push by digest,
// chart events), so only what every push has is required.
const acrEventData = z.object({
  id: z.string().optional(),
  timestamp: z.string().min(1),
  action: z.string().min(1),
  target: z.object({
    mediaType: z.string().optional(),
    digest: ociDigest.optional(),
    repository: z.string().min(1).optional(),
    tag: z.string().optional(),
  }),
  request: z.object({ host: z.string().optional() }).optional(),
  actor: z.object({ name: z.string().optional() }).nullish(),
});

export interface AcrPushContext {
  source: EventSource;
  deliveryId: string;
  /** Registry host known from the envelope (Event Grid topic), used when `request.host` is absent. */
  registryHint?: string;
}

/** An ACR push event as an ImagePublished, or the reason it does not make one. */
export function imageFromAcrEvent(data: unknown, context: AcrPushContext): ImagePublished | Ignored {
  const event = parseWith(acrEventData, data, "ACR event");
  if (event.action !== "push") return ignored(`ACR action ${event.action} does not publish an image`);
  const { digest, repository, tag } = event.target;
  if (!digest || !repository) throw new Rejection(400, "invalid ACR event: target.digest and target.repository are required for a push");
  // A multi-arch push also pushes each platform manifest by digest, untagged: only the tagged
  // index is an image anyone promotes.
  if (!tag) return ignored(`untagged manifest ${digest} in ${repository} (a platform of a multi-arch image, or a push by digest)`);
  parseWith(ociTag, tag, "ACR event target.tag");
  const registry = (event.request?.host ?? context.registryHint)?.toLowerCase();
  if (!registry) throw new Rejection(400, "invalid ACR event: request.host is missing, cannot tell the registry");
  return {
    kind: "image.published",
    registry,
    repository: repository.toLowerCase(),
    tag,
    digest,
    ...(event.target.mediaType ? { mediaType: event.target.mediaType } : {}),
    publishedAt: event.timestamp,
    source: context.source,
    deliveryId: context.deliveryId,
    ...(event.actor?.name ? { publishedBy: [event.actor.name] } : {}),
  };
}

/** `/subscriptions/…/providers/Microsoft.ContainerRegistry/registries/myacr` → `myacr.azurecr.io`. */
export function registryFromTopic(topic: string | undefined): string | undefined {
  const name = /\/registries\/([^/]+)$/i.exec(topic ?? "")?.[1];
  return name ? `${name.toLowerCase()}.azurecr.io` : undefined;
}
