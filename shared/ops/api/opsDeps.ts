import type { PipelineLookup } from "../../pipelines/types.js";
import type { Authenticate } from "../auth/authenticate.js";
import type { OpsDurableClient } from "../durable/opsClient.js";
import type { OpsStore } from "../store/opsStore.js";

/** The pipelines the ops API knows: names for 404s, the lookup for whether one takes an image. */
export interface PipelineCatalog {
  names: ReadonlySet<string>;
  lookup: PipelineLookup;
  /** Stage names in order per pipeline (empty for a sources-only list): views and DORA's prod. */
  stages: ReadonlyMap<string, readonly string[]>;
}

/** What every ops door needs, for one invocation (the Durable client is per invocation). */
export interface OpsDeps {
  client: OpsDurableClient;
  store: OpsStore;
  pipelines: PipelineCatalog;
  authenticate: Authenticate;
  maxBodyBytes: number;
  /** The public URL of a promotion: `<BATON_PUBLIC_URL>/api/promotions/<id>`. */
  locate: (promotionId: string) => string;
  now: () => Date;
  newId: () => string;
}
