import type { PipelineLookup } from "../../pipelines/types.js";
import type { IngestStore } from "../../store/ingestStore.js";
import type { ImagePublished, Signal } from "../model.js";
import type { PromotionStarter, SignalSender } from "../ports.js";
import { deliverOnce } from "./deliverOnce.js";
import { createImagePromoter, type PromotionOutcome } from "./promoteImage.js";
import { createSignalRouter, type RouteOutcome } from "./signalRouter.js";

export type Accepted =
  | { kind: "duplicate" }
  | { kind: "promotion"; outcome: PromotionOutcome }
  | { kind: "signal"; outcome: RouteOutcome };

export interface IntakeDeps {
  store: IngestStore;
  pipelines: PipelineLookup;
  starter: PromotionStarter;
  sender: SignalSender;
}

export interface Intake {
  /** Acts on one verified, parsed delivery exactly once per (source, delivery id). */
  accept(item: ImagePublished | Signal, delivery: { source: string; id: string }): Promise<Accepted>;
}

/** Where every door hands its normalised events: dedupe, then start promotions or route signals. */
export function createIntake(deps: IntakeDeps): Intake {
  const promoter = createImagePromoter(deps);
  const router = createSignalRouter({ ...deps.store, sender: deps.sender });
  return {
    async accept(item, delivery) {
      const once = await deliverOnce(deps.store.deliveries, delivery.source, delivery.id, async (): Promise<Accepted> =>
        item.kind === "image.published"
          ? { kind: "promotion", outcome: await promoter.promote(item) }
          : { kind: "signal", outcome: await router.route(item) },
      );
      return once.duplicate ? { kind: "duplicate" } : once.result;
    },
  };
}
