import type { SecretSource } from "../../config/secrets.js";
import { DoorNotConfigured } from "../http/rejection.js";

export interface SecretNames {
  current: string;
  previous?: string;
}

/**
 * Runs a check against the configured secret values; on a mismatch re-reads them once (a rotated
 * secret may not be in the cache yet) and checks again. Names are setting names; each value may
 * hold several secrets separated by new lines (current first, then previous ones).
 */
export async function verifyWithRotation(secrets: SecretSource, names: SecretNames, check: (values: readonly string[]) => boolean | Promise<boolean>): Promise<boolean> {
  // The cached values, read inline: this runs for every delivery, and each async layer and
  // await is work and garbage per request.
  const current = await secrets.get(names.current);
  if (!current) throw new DoorNotConfigured(names.current);
  const previous = names.previous ? await secrets.get(names.previous) : undefined;
  const verdict = check(secretValues(names, current, previous));
  if (typeof verdict === "boolean" ? verdict : await verdict) return true;
  const refreshed = await secrets.refresh(names.current);
  if (!refreshed) throw new DoorNotConfigured(names.current);
  return check(secretValues(names, refreshed, names.previous ? await secrets.refresh(names.previous) : undefined));
}

// A setting's value changes only on rotation, so the list for the values last read is kept per
// pair of names and reused while both values stay the same instead of being split anew for
// every delivery.
const lists = new WeakMap<SecretNames, { current: string; previous: string | undefined; values: readonly string[] }>();

function secretValues(names: SecretNames, current: string, previous: string | undefined): readonly string[] {
  const last = lists.get(names);
  if (last && last.current === current && last.previous === previous) return last.values;
  const values = [...splitSecrets(current), ...splitSecrets(previous ?? "")];
  lists.set(names, { current, previous, values });
  return values;
}

function splitSecrets(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
