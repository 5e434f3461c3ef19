import type { GroupMembership } from "../../teams/approvers/groupMembership.js";
import { Refusal } from "../http/refusal.js";

/**
 * Approver-group membership for votes cast through the ops API: the very lookup the stage's
 * `checkApprover` activity uses (Microsoft Graph with the Teams bot's app registration), loaded
 * on first use so an ops call that never meets a group approver does not load the Teams clients.
 * Without the bot's registration no group can be checked: the vote is refused with why (the stage
 * could not count it either), rather than answered as our outage.
 */
export function approverGroups(env: Record<string, string | undefined>): GroupMembership {
  let groups: Promise<GroupMembership> | undefined;
  return {
    async memberGroups(userId, groupIds) {
      if (!env.BATON_TEAMS_APP_ID) throw new Refusal(409, "cannot check the approver groups of this stage: they need the Teams bot's app registration (BATON_TEAMS_APP_ID, see docs/teams.md)");
      groups ??= import("../../teams/composition/teamsActivities.js").then((m) => m.teamsActivityDeps(env).groups);
      return (await groups).memberGroups(userId, groupIds);
    },
  };
}
