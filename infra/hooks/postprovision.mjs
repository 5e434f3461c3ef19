#!/usr/bin/env node
// azd postprovision hook (azure.yaml): creates the secrets Baton generates itself in Key Vault if
// they are missing (never overwrites, never prints a value), then prints what to configure next.
// Needs the Azure CLI signed in as the deployer (Key Vault Secrets Officer, infra/app/rbac.bicep);
// without it, it prints the commands instead. Cross-platform: plain Node, no shell.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nextSteps, secretValue, vaultSecrets } from "./nextSteps.mjs";

const env = process.env;
const vault = env.BATON_KEY_VAULT_NAME;

function az(args) {
  const result = spawnSync(process.platform === "win32" ? "az.cmd" : "az", args, { encoding: "utf8", shell: process.platform === "win32" });
  return { ok: result.status === 0, out: (result.stdout ?? "").trim(), err: (result.stderr ?? "").trim() };
}

const status = {};
if (vault && az(["version", "--output", "none"]).ok) {
  const listed = az(["keyvault", "secret", "list", "--vault-name", vault, "--query", "[].name", "--output", "tsv"]);
  const existing = new Set(listed.ok ? listed.out.split(/\r?\n/).filter(Boolean) : []);
  const scratch = mkdtempSync(join(tmpdir(), "baton-secrets-"));
  try {
    for (const secret of vaultSecrets(env)) {
      if (existing.has(secret.name)) {
        status[secret.name] = "present";
        continue;
      }
      if (secret.kind !== "generate") continue;
      if (!listed.ok) {
        status[secret.name] = "unchecked";
        continue;
      }
      // The value goes through a file readable only by this user, never the command line.
      const file = join(scratch, secret.name);
      writeFileSync(file, secretValue(secret.setting, randomBytes(32).toString("hex")), { mode: 0o600 });
      const set = az(["keyvault", "secret", "set", "--vault-name", vault, "--name", secret.name, "--file", file, "--output", "none"]);
      status[secret.name] = set.ok ? "created" : "FAILED";
      if (!set.ok) console.error(`Could not create ${secret.name}: ${set.err.split("\n")[0]}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!listed.ok) console.error(`Could not list the secrets of ${vault} (role assignments can take a few minutes): ${listed.err.split("\n")[0]}. Run azd provision again later.`);
} else {
  console.error("Azure CLI not found or not signed in: create the secrets marked below by hand.");
}

console.log(nextSteps(env, status));
