// A fake of Microsoft Graph `POST /v1.0/users/{id}/checkMemberGroups` (body `{groupIds}`, answer
// `{value: [ids the user is a member of]}`; 404 for an unknown user), accepting only the tokens
// `authorised()` says were issued for Graph.
import { bearerOf, startLoopback, type Loopback } from "./loopback.js";

export interface FakeGraph extends Loopback {
  /** userId -> group ids the user is (transitively) a member of. */
  readonly members: Map<string, string[]>;
  readonly calls: { userId: string; groupIds: string[] }[];
}

export async function startFakeGraph(authorised: (token: string) => boolean): Promise<FakeGraph> {
  const members = new Map<string, string[]>();
  const calls: FakeGraph["calls"] = [];
  const server = await startLoopback((request) => {
    const path = /^\/v1\.0\/users\/([^/]+)\/checkMemberGroups$/.exec(request.path);
    if (!path || request.method !== "POST") return { status: 404, json: { error: { code: "Request_ResourceNotFound" } } };
    if (!authorised(bearerOf(request) ?? "")) return { status: 401, json: { error: { code: "InvalidAuthenticationToken" } } };
    const userId = decodeURIComponent(path[1]!);
    const body = JSON.parse(request.body) as { groupIds?: unknown };
    const groupIds = Array.isArray(body.groupIds) ? body.groupIds.filter((g): g is string => typeof g === "string") : [];
    if (groupIds.length === 0 || groupIds.length > 20) return { status: 400, json: { error: { code: "Request_BadRequest" } } };
    calls.push({ userId, groupIds });
    const groups = members.get(userId);
    if (!groups) return { status: 404, json: { error: { code: "Request_ResourceNotFound" } } };
    return { status: 200, json: { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(Edm.String)", value: groupIds.filter((g) => groups.includes(g)) } };
  });
  return { ...server, members, calls };
}
