/**
 * Everything the three Teams activities need, built once from settings (for the activity
 * registration): `checkApproverActivity(deps)`, `postApprovalCardActivity(deps)`,
 * `updateApprovalCardActivity(deps)` all accept this object.
 */
import { createSecretSource } from "../../config/secretSource.js";
import { readSettings } from "../../config/settings.js";
import type { CheckApproverDeps } from "../activities/checkApprover.js";
import type { PostApprovalCardDeps } from "../activities/postApprovalCard.js";
import type { UpdateApprovalCardDeps } from "../activities/updateApprovalCard.js";
import { buildApprovalCard } from "../cards/approvalCard.js";
import { readTeamsSettings } from "../settings.js";
import { botClients } from "./botClients.js";

export type TeamsActivityDeps = CheckApproverDeps & PostApprovalCardDeps & UpdateApprovalCardDeps;

export function teamsActivityDeps(env: Record<string, string | undefined> = process.env): TeamsActivityDeps {
  const clients = botClients(readTeamsSettings(env), createSecretSource(readSettings(env), { env }));
  return { groups: clients.groups, openConnector: clients.openConnector, renderCard: buildApprovalCard };
}
