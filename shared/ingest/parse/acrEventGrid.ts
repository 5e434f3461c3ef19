import type { ImagePublished } from "../model.js";
import { imageFromAcrEvent, registryFromTopic } from "./acrPush.js";
import { ignored, type Ignored } from "./schema.js";

const imagePushed = "Microsoft.ContainerRegistry.ImagePushed";
const chartPushed = "Microsoft.ContainerRegistry.ChartPushed";

/**
 * ChartPushed comes only from ACR's legacy Helm repositories (`az acr helm push`, Helm 2 style
 * `.tgz` uploads), which Azure retired in 2025. OCI charts pushed with `helm push` arrive as
 * ImagePushed and are promoted by pipelines whose source is a `chart` (docs/helmCharts.md).
 */
const LEGACY_CHART =
  "ChartPushed is raised by ACR's retired legacy Helm repositories (az acr helm push); push the chart as an OCI artifact (helm push chart.tgz oci://<registry>/<path>) and promote it with a pipeline whose source is chart: <registry>/<path>/<chart>";

/** An Event Grid event (either schema, either door) as an ImagePublished, or why not. */
export function imageFromEventGridEvent(event: { id: string; type: string; origin: string; data: unknown }): ImagePublished | Ignored {
  if (event.type === chartPushed || event.type === "ChartPushed") return ignored(LEGACY_CHART);
  // Older documentation shows unprefixed types ("ImagePushed"); accept both spellings.
  if (event.type !== imagePushed && event.type !== "ImagePushed") return ignored(`event type ${event.type} does not publish an image`);
  const registryHint = registryFromTopic(event.origin);
  return imageFromAcrEvent(event.data, { source: "acr-eventgrid", deliveryId: event.id, ...(registryHint ? { registryHint } : {}) });
}
