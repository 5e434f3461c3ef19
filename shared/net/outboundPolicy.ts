/**
 * Where Baton may send requests whose URL comes from configuration (issue 10 points 1 and 12):
 * hosts from the operator's allow-list, https except on loopback, and never to link-local or
 * metadata addresses, to private ones only when the operator allows that network, to loopback
 * only when the operator allows it (tests and the local walkthrough).
 */
import { BlockList, isIP } from "node:net";
import { classifyAddress, embeddedIpv4, stripBrackets, type AddressClass } from "./addresses.js";
import type { HostAllowList } from "./hostAllowList.js";

export interface OutboundPolicy {
  /** Host names URLs may name; undefined where the URL is the operator's own (read from a secret). */
  hosts?: HostAllowList;
  /** BATON_ALLOW_LOOPBACK. */
  allowLoopback: boolean;
  /** BATON_ALLOWED_PRIVATE_NETWORKS. */
  privateNetworks: PrivateNetworks;
}

/** CIDR blocks of private networks the operator lets Baton reach (a probe inside a VNet). */
export class PrivateNetworks {
  readonly #blocks = new BlockList();

  constructor(readonly cidrs: readonly string[]) {
    for (const cidr of cidrs) {
      const parsed = parseCidr(cidr);
      if (!parsed) throw new Error(`"${cidr}" is not a network in CIDR form (10.20.0.0/16, fd00::/64)`);
      this.#blocks.addSubnet(parsed.network, parsed.prefix, parsed.family);
    }
  }

  holds(address: string): boolean {
    const plain = stripBrackets(address);
    const v4 = isIP(plain) === 6 ? embeddedIpv4(plain) : undefined;
    const target = v4 ?? plain;
    return this.#blocks.check(target, isIP(target) === 4 ? "ipv4" : "ipv6");
  }
}

export function parseCidr(text: string): { network: string; prefix: number; family: "ipv4" | "ipv6" } | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  const network = match?.[1];
  if (!match || network === undefined) return undefined;
  const family = isIP(network);
  const prefix = Number(match[2]);
  if (family === 0 || prefix > (family === 4 ? 32 : 128)) return undefined;
  return { network, prefix, family: family === 4 ? "ipv4" : "ipv6" };
}

const NEVER: ReadonlySet<AddressClass> = new Set(["link-local", "metadata", "unspecified", "multicast", "reserved"]);

/** Why Baton must not connect to this address, or undefined when it may. */
export function addressProblem(address: string, policy: OutboundPolicy): string | undefined {
  const kind = classifyAddress(address);
  if (NEVER.has(kind)) return `${address} is a ${kind} address, which Baton never connects to`;
  if (kind === "loopback" && !policy.allowLoopback) return `${address} is a loopback address: set BATON_ALLOW_LOOPBACK=true to allow it (local development only)`;
  if (kind === "private" && !policy.privateNetworks.holds(address)) return `${address} is a private address: add its network to BATON_ALLOWED_PRIVATE_NETWORKS to allow it`;
  return undefined;
}

function isLoopbackName(host: string): boolean {
  const plain = stripBrackets(host).toLowerCase();
  if (plain === "localhost" || plain.endsWith(".localhost")) return true;
  return isIP(plain) !== 0 && classifyAddress(plain) === "loopback";
}

/**
 * Why a URL from configuration is refused before any DNS lookup (load time and point of use), or
 * undefined. `what` names it in the message. The URL is never echoed: it may carry credentials.
 */
export function outboundUrlProblem(text: string, policy: OutboundPolicy, what: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `expected ${what} as an absolute https URL`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `expected ${what} as an https URL`;
  if (url.username || url.password) return `expected ${what} without credentials: reference them by setting name (auth, tokenSecret) instead`;
  const host = stripBrackets(url.hostname);
  if (url.protocol === "http:" && !isLoopbackName(host)) return `expected ${what} to use https (plain http only on loopback)`;
  if (policy.hosts && !policy.hosts.allows(host)) return `${what} names host ${host}, which is not allowed: ${policy.hosts.describe()}`;
  if (isIP(host) !== 0) return prefixed(what, addressProblem(host, policy));
  if (isLoopbackName(host) && !policy.allowLoopback) return prefixed(what, `${host} is a loopback name: set BATON_ALLOW_LOOPBACK=true to allow it (local development only)`);
  return undefined;
}

function prefixed(what: string, problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${what}: ${problem}`;
}
