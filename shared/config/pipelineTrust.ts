/**
 * What a pipelines file is trusted with (issue 10 points 1 and 12), read once at the edge from
 * an `env` and validated: which secrets it may name, which hosts it may send Baton to, and which
 * networks those hosts may resolve to. The loader refuses a file that reaches past this; the
 * activities that send secrets enforce it again, so a pinned or hand-started promotion cannot
 * bypass it.
 */
import { HostAllowList, hostEntryProblem } from "../net/hostAllowList.js";
import { parseCidr, PrivateNetworks, type OutboundPolicy } from "../net/outboundPolicy.js";
import { ownSecretNames, RESERVED_PREFIXES } from "./ownSecrets.js";
import { SecretScope } from "./secretScope.js";
import { SettingsError } from "./settings.js";

export interface PipelineTrust {
  secrets: SecretScope;
  /** For URLs the pipelines file names (repositories, APIs, receivers, probes, workflow gates). */
  outbound: OutboundPolicy;
}

/** Baton's built-in GitHub API (git.repository without apiUrl): chosen by Baton, not by the file. */
export const DEFAULT_GITHUB_API_HOST = "api.github.com";

/** Azure Repos' one host (legacy {org}.visualstudio.com URLs are mapped to it): allowed like api.github.com. */
export const DEFAULT_AZURE_DEVOPS_HOST = "dev.azure.com";

type Env = Record<string, string | undefined>;

const SECRET_ENTRY = /^[A-Za-z_][A-Za-z0-9_-]{0,126}\*?$/;

function list(text: string | undefined): string[] {
  return (text ?? "").split(/[\s,;]+/).filter((entry) => entry !== "");
}

export function readPipelineTrust(env: Env = process.env): PipelineTrust {
  const problems: string[] = [];
  const declared = list(env.BATON_PIPELINE_SECRETS);
  for (const entry of declared) {
    if (!SECRET_ENTRY.test(entry)) problems.push(`BATON_PIPELINE_SECRETS entry "${entry}" must be a secret name or a prefix ending in * (PIPELINE_*)`);
  }
  const hosts = list(env.BATON_ALLOWED_HOSTS);
  for (const entry of hosts) {
    const problem = hostEntryProblem(entry);
    if (problem) problems.push(`BATON_ALLOWED_HOSTS ${problem}`);
  }
  const networks = list(env.BATON_ALLOWED_PRIVATE_NETWORKS);
  for (const cidr of networks) if (!parseCidr(cidr)) problems.push(`BATON_ALLOWED_PRIVATE_NETWORKS entry "${cidr}" must be a network in CIDR form (10.20.0.0/16, fd00::/64)`);
  const loopback = (env.BATON_ALLOW_LOOPBACK ?? "").trim().toLowerCase();
  if (!["", "true", "false"].includes(loopback)) problems.push(`BATON_ALLOW_LOOPBACK must be true or false (got "${env.BATON_ALLOW_LOOPBACK}")`);
  if (problems.length > 0) throw new SettingsError(problems);
  return {
    secrets: new SecretScope(declared, { names: ownSecretNames(env), prefixes: RESERVED_PREFIXES }),
    outbound: {
      hosts: new HostAllowList([...hosts, ...[DEFAULT_GITHUB_API_HOST, DEFAULT_AZURE_DEVOPS_HOST].filter((h) => !hosts.includes(h))]),
      allowLoopback: loopback === "true",
      privateNetworks: new PrivateNetworks(networks),
    },
  };
}

/** The same network rules without the host list: for URLs the operator stored in a secret. */
export function networkOnly(policy: OutboundPolicy): OutboundPolicy {
  return { allowLoopback: policy.allowLoopback, privateNetworks: policy.privateNetworks };
}
