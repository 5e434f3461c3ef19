import type { GroupMembership } from "../../teams/approvers/groupMembership.js";

/**
 * Approver-group membership for votes cast through the ops API: the very lookup the stage's
 * `checkApprover` activity uses (Microsoft Graph with the Teams bot's app registration), loaded
 * on first use so an ops call that never meets a group approver does not load the Teams clients.
 */
export function approverGroups(env: Record<string, string | undefined>): GroupMembership {
  let groups: Promise<GroupMembership> | undefined;
  return {
    async memberGroups(userId, groupIds) {
      if (!env.BATON_TEAMS_APP_ID) throw new Error("an approver group needs the Teams bot's app registration: set BATON_TEAMS_APP_ID (see docs/teams.md)");
      groups ??= import("../../teams/composition/teamsActivities.js").then((m) => m.teamsActivityDeps(env).groups);
      return (await groups).memberGroups(userId, groupIds);
    },
  };
}
