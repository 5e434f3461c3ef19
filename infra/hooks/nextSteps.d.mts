// Types of nextSteps.mjs for the TypeScript tests.
export type HookEnv = Record<string, string | undefined>;
export interface VaultSecret {
  setting: string;
  name: string;
  kind: "generate" | "provide" | "optional";
  why: string;
}
export function vaultSecretName(setting: string): string;
export function vaultSecrets(env: HookEnv): VaultSecret[];
export function secretValue(setting: string, randomHex: string): string;
export function nextSteps(env: HookEnv, secretsStatus?: Record<string, string>): string;
