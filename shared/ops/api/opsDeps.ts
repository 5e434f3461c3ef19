import type { PipelineLookup } from "../../pipelines/types.js";
import type { GroupMembership } from "../../teams/approvers/groupMembership.js";
import type { Authenticate } from "../auth/authenticate.js";
import type { OpsDurableClient } from "../durable/opsClient.js";
import type { OpsStore } from "../store/opsStore.js";

/** The valid pipelines configuration: names for 404s, the lookup for whether one takes an image. */
export interface PipelineChoice {
  names: ReadonlySet<string>;
  lookup: PipelineLookup;
  /** Stage names in order per pipeline (empty for a sources-only list): views and DORA's prod. */
  stages: ReadonlyMap<string, readonly string[]>;
}

/**
 * The pipelines the ops API knows. Only a hand start needs them (read then, after authentication);
 * everything else (status, commands, votes, holds) works whatever state the pipelines file is in.
 */
export interface PipelineCatalog {
  /** The valid configuration now (read or re-checked when due), or why there is none. */
  current(): Promise<PipelineChoice | { unavailable: string }>;
  /** Without reading: whether the configuration in use names the pipeline; undefined when none is valid. */
  knows(name: string): boolean | undefined;
}

/** What every ops door needs, for one invocation (the Durable client is per invocation). */
export interface OpsDeps {
  client: OpsDurableClient;
  store: OpsStore;
  pipelines: PipelineCatalog;
  authenticate: Authenticate;
  /** Entra group membership for approver groups: the same Graph lookup the stage's checkApprover uses. */
  groups: GroupMembership;
  maxBodyBytes: number;
  /** The public URL of a promotion: `<BATON_PUBLIC_URL>/api/promotions/<id>`. */
  locate: (promotionId: string) => string;
  now: () => Date;
  newId: () => string;
}
