import type { ImagePublished } from "../model.js";
import { imageFromAcrEvent, registryFromTopic } from "./acrPush.js";
import { ignored, type Ignored } from "./schema.js";

const imagePushed = "Microsoft.ContainerRegistry.ImagePushed";

/** An Event Grid event (either schema, either door) as an ImagePublished, or why not. */
export function imageFromEventGridEvent(event: { id: string; type: string; origin: string; data: unknown }): ImagePublished | Ignored {
  // Older documentation shows unprefixed types ("ImagePushed"); accept both spellings.
  if (event.type !== imagePushed && event.type !== "ImagePushed") return ignored(`event type ${event.type} does not publish an image`);
  const registryHint = registryFromTopic(event.origin);
  return imageFromAcrEvent(event.data, { source: "acr-eventgrid", deliveryId: event.id, ...(registryHint ? { registryHint } : {}) });
}
