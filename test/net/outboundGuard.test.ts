// The outbound guard against real sockets on loopback; DNS answers come from a fake resolver, so a
// name can "resolve" to a metadata or private address the way an attacker's DNS would make it.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classifyAddress } from "../../shared/net/addresses.js";
import { readTextUpTo } from "../../shared/net/boundedBody.js";
import { HostAllowList } from "../../shared/net/hostAllowList.js";
import { guardedFetch, OutboundRefusedError, resolveChecked, type ResolveHost } from "../../shared/net/outboundGuard.js";
import { PrivateNetworks, type OutboundPolicy } from "../../shared/net/outboundPolicy.js";
import { listenOnLoopback } from "../support/loopbackHttpClient.js";

let server: Server;
let port = 0;
const seen: IncomingMessage["headers"][] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === "/redirect-metadata") res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    else if (req.url === "/redirect-unlisted") res.writeHead(307, { location: `http://unlisted.test:${port}/x` }).end();
    else if (req.url === "/big") res.writeHead(200).end("a".repeat(1 << 20));
    else res.writeHead(200).end("hello");
  });
  port = await listenOnLoopback(server);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const dns = (table: Record<string, string[]>): ResolveHost => (name) => Promise.resolve((table[name] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));
const policy = (over: Partial<OutboundPolicy> = {}): OutboundPolicy => ({ allowLoopback: true, privateNetworks: new PrivateNetworks([]), ...over });

describe("address classes", () => {
  it.each([
    ["169.254.169.254", "metadata"],
    ["168.63.129.16", "metadata"],
    ["169.254.10.1", "link-local"],
    ["fe80::1", "link-local"],
    ["::ffff:169.254.169.254", "metadata"],
    ["::ffff:a9fe:a9fe", "metadata"],
    ["127.0.0.2", "loopback"],
    ["::1", "loopback"],
    ["10.0.0.5", "private"],
    ["172.20.1.1", "private"],
    ["192.168.1.1", "private"],
    ["fd12::1", "private"],
    ["0.0.0.0", "unspecified"],
    ["20.50.2.1", "public"],
  ])("%s is %s", (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });
});

describe("resolveChecked", () => {
  it("refuses a name when any address it resolves to is refused", async () => {
    const resolve = dns({ "mixed.test": ["20.50.2.1", "169.254.169.254"], "inside.test": ["10.1.2.3"] });
    await expect(resolveChecked("mixed.test", policy(), resolve)).rejects.toThrow("host mixed.test resolves to 169.254.169.254 is a metadata address, which Baton never connects to");
    await expect(resolveChecked("inside.test", policy(), resolve)).rejects.toThrow("10.1.2.3 is a private address: add its network to BATON_ALLOWED_PRIVATE_NETWORKS");
    await expect(resolveChecked("inside.test", policy({ privateNetworks: new PrivateNetworks(["10.1.0.0/16"]) }), resolve)).resolves.toEqual({ address: "10.1.2.3", family: 4 });
    await expect(resolveChecked("localhost", policy({ allowLoopback: false }), dns({ localhost: ["127.0.0.1"] }))).rejects.toThrow("set BATON_ALLOW_LOOPBACK=true");
  });
});

describe("guardedFetch", () => {
  it("connects to the address it checked, not to a second lookup (no rebinding gap)", async () => {
    let lookups = 0;
    const resolve: ResolveHost = () => {
      lookups++;
      // A rebinding resolver: the first answer passes the check, later ones point at metadata.
      return Promise.resolve([{ address: lookups === 1 ? "127.0.0.1" : "169.254.169.254", family: 4 }]);
    };
    const fetchGuarded = guardedFetch(policy({ hosts: new HostAllowList(["pinned.localhost"]) }), { resolve });
    const res = await fetchGuarded(`http://pinned.localhost:${port}/`);
    expect(await res.text()).toBe("hello");
    expect(lookups).toBe(1);
    expect(seen.at(-1)?.host).toBe(`pinned.localhost:${port}`);
  });

  it("refuses before connecting, and on every redirect hop", async () => {
    const before = seen.length;
    const strict = guardedFetch(policy({ allowLoopback: false }));
    await expect(strict(`http://127.0.0.1:${port}/`)).rejects.toThrow(OutboundRefusedError);
    expect(seen.length).toBe(before);
    const listed = guardedFetch(policy({ hosts: new HostAllowList(["127.0.0.1"]) }), { resolve: dns({ "unlisted.test": ["127.0.0.1"] }) });
    await expect(listed(`http://127.0.0.1:${port}/redirect-metadata`)).rejects.toThrow("host 169.254.169.254 is not allowed");
    // Without a host list (a URL from the operator's own secret) the address rules still hold.
    await expect(guardedFetch(policy())(`http://127.0.0.1:${port}/redirect-metadata`)).rejects.toThrow("169.254.169.254 is a metadata address");
    await expect(listed(`http://127.0.0.1:${port}/redirect-unlisted`, { method: "POST", body: "signed", headers: { "x-signature": "sha256=abc" } })).rejects.toThrow("host unlisted.test is not allowed");
    // Only the redirecting answers were served; the hops they pointed to were never reached.
    expect(seen.length).toBe(before + 3);
  });

  it("requires https except on loopback", async () => {
    const open = guardedFetch(policy({ hosts: new HostAllowList(["public.test"]) }), { resolve: dns({ "public.test": ["20.50.2.1"] }) });
    await expect(open("http://public.test/")).rejects.toThrow("expected the URL to use https (plain http only on loopback)");
  });
});

describe("readTextUpTo", () => {
  it("reads no more than the limit of a large body", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/big`);
    expect(await readTextUpTo(res, 1000)).toEqual({ text: "a".repeat(1000), truncated: true });
    expect(await readTextUpTo(await fetch(`http://127.0.0.1:${port}/`), 1000)).toEqual({ text: "hello", truncated: false });
  });
});
