/**
 * One push over smart HTTP, without isomorphic-git's push: isomorphic-git asks the server for its
 * refs (a GET) before every push and then walks every tree of the old and the new commit to find
 * what to send, so a push costs time in proportion to the repository. The warm writer knows exactly
 * which objects are new and which head it built on, so it sends one POST to `git-receive-pack`
 * (gitprotocol-http) with the command `<old> <new> <ref>` and a pack of just those objects
 * (gitprotocol-pack). receive-pack checks `<old>` against the ref under the ref's lock, so this one
 * request is the compare-and-swap across hosts.
 *
 * The server's capabilities are learnt once per warm store (`discoverReceivePack`), because a
 * client may only ask for capabilities the server advertised.
 */
import { Readable } from "node:stream";
import git, { Errors, type HttpClient } from "isomorphic-git";
import { GitOpsError } from "../errors.js";

/** Where and how to reach the remote. Credentials go in a header, never in URLs or messages. */
export interface Remote {
  url: string;
  http: HttpClient;
  credentials?: { username: string; password: string };
}

/** Request headers for a remote: HTTP Basic when credentials are configured. */
export function authHeaders(remote: Remote): Record<string, string> {
  const c = remote.credentials;
  return c ? { Authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`, "utf8").toString("base64")}` } : {};
}

/** The capabilities a server advertises for receive-pack (one GET to `info/refs`). */
export async function discoverReceivePack(remote: Remote): Promise<ReadonlySet<string>> {
  const info = await git.getRemoteInfo({
    http: remote.http,
    url: remote.url,
    forPush: true,
    headers: authHeaders(remote),
    // The header already carries the credentials: a 401 means they were refused (or are missing).
    onAuth: () => ({ cancel: true }),
  });
  return new Set(info.capabilities);
}

export type PushOutcome = { status: "ok" } | { status: "moved"; reason: string };

/**
 * Why receive-pack refuses a ref update whose old id no longer matches: the branch moved. git says
 * `non-fast-forward` (checked before the lock), `failed to update ref` / `failed to lock` (the ref
 * transaction's own old-id check under the lock) or, from other servers, `fetch first` / `stale info`.
 */
const movedReasons = [/non-fast-forward/, /fetch first/, /stale info/, /failed to lock/, /failed to update ref/, /cannot lock ref/];

/** Sends `pack` and moves `refs/heads/<branch>` from `oldOid` to `newOid`, or reports why not. */
export async function pushPack(remote: Remote, capabilities: ReadonlySet<string>, update: { branch: string; oldOid: string; newOid: string }, pack: Buffer): Promise<PushOutcome> {
  const ref = `refs/heads/${update.branch}`;
  const sideBand = capabilities.has("side-band-64k");
  const wanted = ["report-status", ...(sideBand ? ["side-band-64k"] : []), ...(capabilities.has("quiet") ? ["quiet"] : [])];
  const asked = [...wanted.filter((c) => capabilities.has(c)), ...([...capabilities].some((c) => c.startsWith("agent=")) ? ["agent=baton"] : [])];
  const command = pktLine(`${update.oldOid} ${update.newOid} ${ref}\0 ${asked.join(" ")}\n`);
  const body = Buffer.concat([command, Buffer.from("0000"), pack]);
  const res = await remote.http.request({
    method: "POST",
    url: `${remote.url}/git-receive-pack`,
    headers: { ...authHeaders(remote), "content-type": "application/x-git-receive-pack-request", accept: "application/x-git-receive-pack-result" },
    body: once(body),
  });
  const response = await collect(res.body);
  // Mapped by toGitOpsError like every other HTTP failure (401/403, 404, 5xx); the body is not kept.
  if (res.statusCode !== 200) throw new Errors.HttpError(res.statusCode, res.statusMessage, "");
  if (!capabilities.has("report-status")) {
    // Without a report the ref itself tells: it is at our commit only if our update won.
    const info = await git.getRemoteInfo({ http: remote.http, url: remote.url, forPush: true, headers: authHeaders(remote), onAuth: () => ({ cancel: true }) });
    const now = refValue(info, ref);
    return now === update.newOid ? { status: "ok" } : { status: "moved", reason: `the branch is at ${now ?? "nothing"}` };
  }
  const report = parseReport(sideBand ? demux(response) : response);
  if (report.unpack !== "ok") throw new GitOpsError("transient", `the server could not unpack the pushed objects for ${ref} (${clip(report.unpack)}).`);
  const status = report.refs.get(ref);
  if (status === undefined) throw new GitOpsError("transient", `the server's push report does not mention ${ref}.`);
  if (status.ok) return { status: "ok" };
  if (movedReasons.some((r) => r.test(status.reason))) return { status: "moved", reason: status.reason };
  // Branch protection, hooks, policies: the server will keep refusing until someone changes it.
  throw new GitOpsError("unauthorized", `the server refused to update ${ref}: ${clip(status.reason)}.`);
}

interface Report {
  unpack: string;
  refs: Map<string, { ok: boolean; reason: string }>;
}

/** report-status (gitprotocol-pack): `unpack ok|<error>`, then `ok <ref>` or `ng <ref> <reason>` per ref. */
export function parseReport(data: Buffer): Report {
  const lines = readPktLines(data)
    .filter((p): p is Buffer => p !== "flush")
    .map((p) => p.toString("utf8").replace(/\n$/, ""));
  const [first, ...rest] = lines;
  if (first === undefined || !first.startsWith("unpack ")) throw new GitOpsError("transient", "the server's push report is malformed (no unpack status).");
  const refs = new Map<string, { ok: boolean; reason: string }>();
  for (const line of rest) {
    const [verdict = "", name = "", ...reason] = line.split(" ");
    if (verdict === "ok" || verdict === "ng") refs.set(name, { ok: verdict === "ok", reason: reason.join(" ") });
  }
  return { unpack: first.slice("unpack ".length), refs };
}

/**
 * Side-band-64k: every pkt-line's first byte names its band. Band 1 carries the report (itself
 * pkt-lines), band 2 progress text, band 3 a fatal error from the server.
 */
export function demux(data: Buffer): Buffer {
  const report: Buffer[] = [];
  for (const packet of readPktLines(data)) {
    if (packet === "flush") continue;
    const band = packet[0];
    if (band === 1) report.push(packet.subarray(1));
    else if (band === 3) throw new GitOpsError("transient", `the server failed the push: ${clip(packet.subarray(1).toString("utf8").trim())}.`);
  }
  return Buffer.concat(report);
}

/** pkt-line (gitprotocol-common): 4 hex digits of length, including themselves, then the payload. */
function pktLine(payload: string): Buffer {
  const data = Buffer.from(payload, "utf8");
  return Buffer.concat([Buffer.from((data.length + 4).toString(16).padStart(4, "0"), "latin1"), data]);
}

function readPktLines(data: Buffer): (Buffer | "flush")[] {
  const packets: (Buffer | "flush")[] = [];
  let at = 0;
  while (at + 4 <= data.length) {
    const length = Number.parseInt(data.toString("latin1", at, at + 4), 16);
    if (!Number.isInteger(length) || (length > 0 && length < 4)) {
      if (length === 1 || length === 2) {
        at += 4; // delim / response-end (protocol v2 only): nothing to read
        continue;
      }
      throw new GitOpsError("transient", "the server's push response is not valid pkt-line data.");
    }
    if (length === 0) {
      packets.push("flush");
      at += 4;
      continue;
    }
    if (at + length > data.length) throw new GitOpsError("transient", "the server's push response was cut short.");
    packets.push(data.subarray(at + 4, at + length));
    at += length;
  }
  return packets;
}

/** A ref's id in getRemoteInfo's answer (refs nested by path: `refs.heads.main`). */
export function refValue(info: Awaited<ReturnType<typeof git.getRemoteInfo>>, ref: string): string | undefined {
  let node: unknown = info;
  for (const part of ref.split("/")) node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === "string" ? node : undefined;
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** A request body of one chunk, as the HttpClient contract wants it (an async iterator). */
function once(data: Uint8Array): AsyncIterableIterator<Uint8Array> {
  return Readable.from([data])[Symbol.asyncIterator]() as AsyncIterableIterator<Uint8Array>;
}

async function collect(body: AsyncIterableIterator<Uint8Array> | undefined): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  if (body) for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}
