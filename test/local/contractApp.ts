/** Where the contract fixture app lives, and how tests read what its activities did. */
import { fileURLToPath } from "node:url";

export const contractAppDir = fileURLToPath(new URL("../fixtures/apps/contract", import.meta.url));

export interface SideEffect {
  activity: string;
  key?: unknown;
  input?: unknown;
  id?: string;
  type?: string;
}

export function sideEffects(): SideEffect[] {
  const g = globalThis as unknown as { __contractSideEffects?: SideEffect[] };
  return (g.__contractSideEffects ??= []);
}
