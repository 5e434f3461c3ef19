import type { BundleGatherer } from "../../bundles/gather.js";
import type { PipelineLookup } from "../../pipelines/types.js";
import type { RegistryInspector } from "../../registry/inspect.js";
import type { IngestStore } from "../../store/ingestStore.js";
import type { ImagePublished, Signal } from "../model.js";
import type { KeptImages, PipelineDecider, PromotionStarter, SignalSender } from "../ports.js";
import { deliverOnce } from "./deliverOnce.js";
import { createImagePromoter, type ImagePromoter, type PromotionOutcome } from "./promoteImage.js";
import { createSignalRouter, type RouteOutcome } from "./signalRouter.js";

export type Accepted =
  | { kind: "duplicate" }
  | { kind: "promotion"; outcome: PromotionOutcome }
  /** Stored until a valid pipelines configuration decides it (shared/ingest/kept). */
  | { kind: "kept"; reason: string }
  | { kind: "signal"; outcome: RouteOutcome };

export interface IntakeDeps {
  store: IngestStore;
  /** A fixed lookup (tests, tools) or the watched configuration, read when an image arrives. */
  pipelines: PipelineLookup | PipelineDecider;
  /** Where images go while the decider says `waiting`. */
  kept?: KeptImages;
  starter: PromotionStarter;
  sender: SignalSender;
  /** Records images of bundle pipelines until every image of the bundle arrived (shared/bundles). */
  bundles?: BundleGatherer;
  /** Reads what a pipeline needs to know from the registry (a chart's config, an ACR image's revision label). */
  registry?: RegistryInspector;
}

export interface Intake {
  /** Acts on one verified, parsed delivery exactly once per (source, delivery id). */
  accept(item: ImagePublished | Signal, delivery: { source: string; id: string }): Promise<Accepted>;
}

/** Where every door hands its normalised events: dedupe, then start promotions or route signals. */
export function createIntake(deps: IntakeDeps): Intake {
  const router = createSignalRouter({ ...deps.store, sender: deps.sender });
  // The promoter over the lookup that decided last: the same lookup until the configuration
  // changes, so it is built once per configuration rather than once per delivery.
  let last: { lookup: PipelineLookup; promoter: ImagePromoter } | undefined;
  const promoterFor = (lookup: PipelineLookup): ImagePromoter => {
    if (last?.lookup !== lookup) {
      last = { lookup, promoter: createImagePromoter({ pipelines: lookup, starter: deps.starter, ...(deps.bundles ? { bundles: deps.bundles } : {}), ...(deps.registry ? { registry: deps.registry } : {}) }) };
    }
    return last.promoter;
  };
  const promoteOrKeep = async (image: ImagePublished): Promise<Accepted> => {
    const decided = "decide" in deps.pipelines ? await deps.pipelines.decide() : { lookup: deps.pipelines };
    if ("waiting" in decided) {
      if (!deps.kept) throw new Error(`no store for images that wait (${decided.waiting})`);
      await deps.kept.keep(image, decided.waiting);
      return { kind: "kept", reason: decided.waiting };
    }
    const outcome = await promoterFor(decided.lookup).promote(image);
    if (outcome.unavailable) {
      // The registry could not be read: the push is kept and decided again by the pipelines
      // timer (shared/ingest/kept), as the pipelines that took it start idempotently there too.
      const reason = outcome.unavailable.map((u) => `${u.pipeline}: ${u.reason}`).join("; ");
      if (!deps.kept) throw new Error(`no store for images that wait (${reason})`);
      await deps.kept.keep(image, reason);
      return { kind: "kept", reason };
    }
    return { kind: "promotion", outcome };
  };
  const route = async (signal: Signal): Promise<Accepted> => ({ kind: "signal", outcome: await router.route(signal) });
  return {
    async accept(item, delivery) {
      const once = await deliverOnce(deps.store.deliveries, delivery.source, delivery.id, () => (item.kind === "image.published" ? promoteOrKeep(item) : route(item)));
      return once.duplicate ? { kind: "duplicate" } : once.result;
    },
  };
}
