import { secretsEqual } from "../../ingest/verify/constantTime.js";

/** The secret holding the named ops keys: one `name=key` per line (`#` starts a comment). */
export const OPS_KEYS_SECRET = "BATON_OPS_KEYS";

export interface OpsKey {
  name: string;
  key: string;
}

const keyName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Parses the named keys. A malformed line is a configuration error: the message names the line
 * number and never its content, which may hold a key.
 */
export function parseOpsKeys(text: string): OpsKey[] {
  const keys: OpsKey[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const at = trimmed.indexOf("=");
    const name = trimmed.slice(0, Math.max(at, 0)).trim();
    const key = trimmed.slice(at + 1).trim();
    if (at <= 0 || !keyName.test(name) || key.length < 16) {
      throw new Error(`${OPS_KEYS_SECRET} line ${index + 1}: expected name=key (name: letters, digits, . _ -; key: at least 16 characters)`);
    }
    keys.push({ name, key });
  });
  return keys;
}

/** The name of the key presented, compared in constant time against every key (no early exit). */
export function matchOpsKey(presented: string, keys: readonly OpsKey[]): string | undefined {
  const matches = keys.map((k) => (secretsEqual(presented, k.key) ? k.name : undefined));
  return matches.find((name) => name !== undefined);
}
