import type { OpsDurableClient } from "../../ops/durable/opsClient.js";
import type { AuditLog } from "../../ops/audit/auditLog.js";
import type { GroupMembership } from "../approvers/groupMembership.js";
import type { RenderCard } from "../connector/cardActivity.js";

/** What answering one card click needs (the Durable client is per invocation). */
export interface CardActionDeps {
  client: OpsDurableClient;
  audit: AuditLog;
  groups: GroupMembership;
  renderCard: RenderCard;
  /** The tenant the bot serves (BATON_TEAMS_TENANT_ID), when a policy names no conversation. */
  tenantId: string | undefined;
  /** Public URL of a promotion, linked from the card. */
  locate: (promotionId: string) => string;
  now: () => Date;
  newId: () => string;
}
