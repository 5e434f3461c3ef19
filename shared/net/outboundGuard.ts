/**
 * Outbound requests to URLs from configuration, guarded against server-side request forgery
 * (issue 10 point 12). Every connection, including each redirect hop, goes through one connector
 * that resolves the host once, checks every address it resolved to, and connects to the checked
 * address itself: no second lookup, so DNS rebinding has no gap to use. TLS still verifies the
 * certificate against the host name.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import { Agent, buildConnector } from "undici";
import { classifyAddress, stripBrackets } from "./addresses.js";
import { addressProblem, outboundUrlProblem, type OutboundPolicy } from "./outboundPolicy.js";

/** Baton refused to send a request there; the message says why and which setting allows it. */
export class OutboundRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefusedError";
  }
}

export type ResolveHost = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolve: ResolveHost = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** The address to connect to, after the host and every address it resolves to passed the policy. */
export async function resolveChecked(hostname: string, policy: OutboundPolicy, resolve: ResolveHost = systemResolve): Promise<{ address: string; family: number }> {
  const host = stripBrackets(hostname);
  if (policy.hosts && !policy.hosts.allows(host)) throw new OutboundRefusedError(`host ${host} is not allowed: ${policy.hosts.describe()}`);
  const family = isIP(host);
  const addresses = family !== 0 ? [{ address: host, family }] : await resolve(host);
  const first = addresses[0];
  if (!first) throw new OutboundRefusedError(`host ${host} has no address`);
  // All of them, not only the first: a name answering with one public and one internal address
  // could otherwise be connected to the internal one on a retry.
  for (const { address } of addresses) {
    const problem = addressProblem(address, policy);
    if (problem) throw new OutboundRefusedError(family !== 0 ? problem : `host ${host} resolves to ${problem}`);
  }
  return first;
}

export interface GuardOptions {
  resolve?: ResolveHost;
  /** TLS options for the connector (a test's own CA). */
  tls?: { ca?: string | Buffer };
}

/** An undici dispatcher whose every connection passes `resolveChecked` first. */
export function guardedDispatcher(policy: OutboundPolicy, options: GuardOptions = {}): Agent {
  const connect = buildConnector({ ...(options.tls?.ca ? { ca: options.tls.ca } : {}) });
  return new Agent({
    connect: (opts, callback) => {
      const host = stripBrackets(opts.hostname);
      resolveChecked(host, policy, options.resolve).then(
        (resolved) => {
          // A redirect from https to plain http off loopback: refused like such a URL would be.
          if (opts.protocol === "http:" && classifyAddress(resolved.address) !== "loopback") {
            callback(new OutboundRefusedError(`refused plain http to ${host}: https is required except on loopback`), null);
            return;
          }
          connect({ ...opts, hostname: resolved.address }, callback);
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
      );
    },
  });
}

/**
 * `fetch` whose requests only reach what the policy allows. A refusal rejects with
 * OutboundRefusedError (not fetch's bare "fetch failed"), so callers can say why.
 */
export function guardedFetch(policy: OutboundPolicy, options: GuardOptions = {}): typeof fetch {
  const dispatcher = guardedDispatcher(policy, options);
  return async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const problem = outboundUrlProblem(url, policy, "the URL");
    if (problem) throw new OutboundRefusedError(problem);
    try {
      // Node's fetch takes an undici dispatcher; its RequestInit type does not name undici's own.
      return await fetch(input, { ...init, dispatcher } as unknown as RequestInit);
    } catch (error) {
      if (error instanceof TypeError && error.cause instanceof OutboundRefusedError) throw error.cause;
      throw error;
    }
  };
}
