import type { ActivityInput, ActivityOutput } from "../../durable/activityContracts.js";
import { checkApprover } from "../approvers/checkApprover.js";
import type { GroupMembership } from "../approvers/groupMembership.js";

export interface CheckApproverDeps {
  groups: GroupMembership;
}

/** Activity `checkApprover`: eligibility and separation of duties for one vote (Graph for groups). */
export function checkApproverActivity(deps: CheckApproverDeps) {
  return (input: ActivityInput<"checkApprover">): Promise<ActivityOutput<"checkApprover">> =>
    checkApprover(input.policy, input.voter, input.publishedBy, deps.groups);
}
