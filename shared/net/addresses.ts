/**
 * What kind of network an IP address belongs to, for the outbound guard (issue 10 point 12).
 * Metadata and link-local addresses are where cloud credentials live (169.254.169.254 hands out
 * managed-identity tokens; 168.63.129.16 is Azure's host endpoint): never a destination for a
 * URL written in configuration.
 */
import { BlockList, isIP } from "node:net";

export type AddressClass = "public" | "loopback" | "private" | "link-local" | "metadata" | "unspecified" | "multicast" | "reserved";

function list(ranges: readonly (readonly [string, number, "ipv4" | "ipv6"])[]): BlockList {
  const blocks = new BlockList();
  for (const [network, prefix, family] of ranges) blocks.addSubnet(network, prefix, family);
  return blocks;
}

// Checked in this order: the first class whose ranges hold the address wins.
const CLASSES: readonly (readonly [AddressClass, BlockList])[] = [
  ["metadata", list([["169.254.169.254", 32, "ipv4"], ["168.63.129.16", 32, "ipv4"], ["100.100.100.200", 32, "ipv4"], ["fd00:ec2::254", 128, "ipv6"]])],
  ["loopback", list([["127.0.0.0", 8, "ipv4"], ["::1", 128, "ipv6"]])],
  ["link-local", list([["169.254.0.0", 16, "ipv4"], ["fe80::", 10, "ipv6"]])],
  ["unspecified", list([["0.0.0.0", 8, "ipv4"], ["::", 128, "ipv6"]])],
  ["private", list([["10.0.0.0", 8, "ipv4"], ["172.16.0.0", 12, "ipv4"], ["192.168.0.0", 16, "ipv4"], ["100.64.0.0", 10, "ipv4"], ["fc00::", 7, "ipv6"]])],
  ["multicast", list([["224.0.0.0", 4, "ipv4"], ["ff00::", 8, "ipv6"]])],
  ["reserved", list([["240.0.0.0", 4, "ipv4"], ["192.0.0.0", 24, "ipv4"], ["198.18.0.0", 15, "ipv4"], ["2001:db8::", 32, "ipv6"]])],
];

/**
 * An IPv4 address hidden in an IPv6 one (`::ffff:10.0.0.1`, NAT64 `64:ff9b::a00:1`) is judged as
 * the IPv4 address it reaches.
 */
export function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex?.[1] || !hex[2]) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** The class of an IP address (v4 or v6, without brackets); throws on something that is not one. */
export function classifyAddress(address: string): AddressClass {
  const plain = stripBrackets(address);
  const v4 = isIP(plain) === 6 ? embeddedIpv4(plain) : undefined;
  const target = v4 ?? plain;
  const family = isIP(target);
  if (family === 0) throw new Error(`not an IP address: ${address}`);
  const type = family === 4 ? "ipv4" : "ipv6";
  for (const [kind, blocks] of CLASSES) if (blocks.check(target, type)) return kind;
  return "public";
}

export function stripBrackets(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
