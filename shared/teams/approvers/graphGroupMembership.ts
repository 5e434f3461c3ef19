/**
 * GroupMembership over Microsoft Graph `POST /v1.0/users/{id}/checkMemberGroups` (transitive
 * membership, at most 20 group ids per call), with an app-only token: the app needs the
 * GroupMember.Read.All application permission (docs/teams.md).
 */
import type { TokenCredential } from "@azure/identity";
import { GRAPH_SCOPE } from "../connector/scopes.js";
import type { GroupMembership } from "./groupMembership.js";

const MAX_IDS_PER_CALL = 20;

export interface GraphOptions {
  /** `https://graph.microsoft.com` (a loopback fake in tests). */
  baseUrl: string;
  credential: TokenCredential;
  fetch?: typeof fetch;
}

export function graphGroupMembership(options: GraphOptions): GroupMembership {
  const fetcher = options.fetch ?? fetch;
  return {
    async memberGroups(userId, groupIds) {
      const found: string[] = [];
      for (let i = 0; i < groupIds.length; i += MAX_IDS_PER_CALL) {
        found.push(...(await checkMemberGroups(fetcher, options, userId, groupIds.slice(i, i + MAX_IDS_PER_CALL))));
      }
      return found;
    },
  };
}

async function checkMemberGroups(fetcher: typeof fetch, options: GraphOptions, userId: string, groupIds: string[]): Promise<string[]> {
  const token = await options.credential.getToken(GRAPH_SCOPE);
  if (!token) throw new Error("no Microsoft Graph token");
  const url = `${options.baseUrl}/v1.0/users/${encodeURIComponent(userId)}/checkMemberGroups`;
  const response = await fetcher(url, {
    method: "POST",
    headers: { authorization: `Bearer ${token.token}`, "content-type": "application/json" },
    body: JSON.stringify({ groupIds }),
  });
  // A user Graph does not know is a member of nothing (a guest removed since, another tenant).
  if (response.status === 404) return [];
  if (!response.ok) {
    throw new Error(`Microsoft Graph checkMemberGroups answered HTTP ${response.status}; the app needs the GroupMember.Read.All application permission`);
  }
  const body = (await response.json()) as { value?: unknown };
  return Array.isArray(body.value) ? body.value.filter((v): v is string => typeof v === "string" && groupIds.includes(v)) : [];
}
