import type { SecretSource } from "../../config/secrets.js";
import { DoorNotConfigured } from "../http/rejection.js";

/**
 * Runs a check against the configured secret values; on a mismatch re-reads them once (a rotated
 * secret may not be in the cache yet) and checks again. Names are setting names; each value may
 * hold several secrets separated by new lines (current first, then previous ones).
 */
export async function verifyWithRotation(
  secrets: SecretSource,
  names: { current: string; previous?: string },
  check: (values: string[]) => boolean | Promise<boolean>,
): Promise<boolean> {
  const read = async (how: "get" | "refresh"): Promise<string[]> => {
    const current = await secrets[how](names.current);
    if (!current) throw new DoorNotConfigured(names.current);
    const previous = names.previous ? await secrets[how](names.previous) : undefined;
    return [...splitSecrets(current), ...splitSecrets(previous ?? "")];
  };
  if (await check(await read("get"))) return true;
  return check(await read("refresh"));
}

// A setting's value changes only on rotation: split it once per value, not once per delivery
// (bounded like shared/ingest/verify/hmacKey.ts).
const MAX_SPLITS = 32;
const splits = new Map<string, readonly string[]>();

function splitSecrets(value: string): readonly string[] {
  let split = splits.get(value);
  if (!split) {
    if (splits.size >= MAX_SPLITS) splits.clear();
    split = value
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    splits.set(value, split);
  }
  return split;
}
