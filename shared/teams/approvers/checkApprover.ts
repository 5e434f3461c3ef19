/**
 * Whether a person may vote on a stage under its approval policy (issue 6 item 3): the policy
 * lists them (object id, UPN, or a group they are in), or lists nobody; and, with separation of
 * duties, they are not whoever pushed the image or merged its change. Identities compare without
 * case: Entra object ids and UPNs are case-insensitive.
 */
import type { ApprovalPolicy } from "../../pipelines/config/model.js";
import type { GroupMembership } from "./groupMembership.js";

export interface Voter {
  /** Entra object id. */
  id: string;
  upn?: string;
}

export interface Eligibility {
  eligible: boolean;
  reason: string;
}

const GROUP_PREFIX = "group:";

export async function checkApprover(
  policy: Pick<ApprovalPolicy, "approvers" | "separationOfDuties" | "identities">,
  voter: Voter,
  publishedBy: readonly string[],
  groups: GroupMembership,
): Promise<Eligibility> {
  const conflict = policy.separationOfDuties ? publisherMatching(policy.identities, voter, publishedBy) : undefined;
  if (conflict !== undefined) {
    return { eligible: false, reason: `separation of duties: ${describe(voter)} pushed or merged this change (${conflict}) and may not approve it` };
  }
  if (policy.approvers.length === 0) return { eligible: true, reason: "the policy lets any approver vote" };
  const direct = policy.approvers.find((a) => !a.startsWith(GROUP_PREFIX) && isVoter(a, voter));
  if (direct !== undefined) return { eligible: true, reason: `listed as approver ${direct}` };
  const groupIds = policy.approvers.filter((a) => a.startsWith(GROUP_PREFIX)).map((a) => a.slice(GROUP_PREFIX.length));
  const memberOf = groupIds.length > 0 ? await groups.memberGroups(voter.id, groupIds) : [];
  if (memberOf.length > 0) return { eligible: true, reason: `member of approver group ${memberOf[0]}` };
  return { eligible: false, reason: `${describe(voter)} is not among the approvers of this stage` };
}

/** The publisher identity (as reported) that maps to the voter, if any. */
function publisherMatching(identities: Record<string, string>, voter: Voter, publishedBy: readonly string[]): string | undefined {
  const mapped = new Map(Object.entries(identities).map(([k, v]) => [k.toLowerCase(), v]));
  return publishedBy.find((p) => isVoter(mapped.get(p.toLowerCase()) ?? p, voter));
}

function isVoter(identity: string, voter: Voter): boolean {
  const id = identity.trim().toLowerCase();
  return id === voter.id.toLowerCase() || (voter.upn !== undefined && id === voter.upn.toLowerCase());
}

function describe(voter: Voter): string {
  return voter.upn ? `${voter.upn} (${voter.id})` : voter.id;
}
