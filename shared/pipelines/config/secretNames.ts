import { z } from "zod";

// The file is committed to a repository many people read: secrets appear only by the NAME of the
// setting (or Key Vault secret) that holds them, resolved later by the SecretSource (model.ts).

/** Values that are recognisably credentials rather than names: never accepted, never echoed. */
const CREDENTIAL_SHAPES = [/^gh[pousr]_/, /^github_pat_/, /^glpat-/, /^xox[abprs]-/, /^sk-/, /-----BEGIN/, /^eyJ[A-Za-z0-9_-]{10,}\./];

export function looksLikeSecretValue(text: string): boolean {
  return CREDENTIAL_SHAPES.some((shape) => shape.test(text));
}

/** A reference to a secret by setting name; `{stage}` / `{pipeline}` may appear in it. */
export const secretName = z
  .string()
  .refine((name) => !looksLikeSecretValue(name), "this looks like a secret value: store it as a setting or Key Vault secret and write its NAME here")
  .refine((name) => /^[A-Za-z_{][A-Za-z0-9_{}-]{0,126}$/.test(name), "expected the name of a setting or Key Vault secret (letters, digits, _ and -), not its value")
  .meta({ id: "secretName", description: "The NAME of the setting or Key Vault secret holding the value; never the value itself." });

/** Keys allowed to end in "Secret": they hold names, see secretName. */
const REFERENCE_KEYS = new Set(["tokenSecret", "passwordSecret", "privateKeySecret", "kubeconfigSecret", "workflowWebhookSecret"]);
const SECRET_KEY = /token|password|passwd|secret|private[-_]?key|api[-_]?key|credential|connection[-_]?string/i;

/** Whether a mapping key looks like it carries an inline secret (`token:`, `password:`...). */
export function isInlineSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !REFERENCE_KEYS.has(key);
}

export function inlineSecretMessage(key: string): string {
  const reference = /password|passwd/i.test(key) ? "passwordSecret" : /private/i.test(key) ? "privateKeySecret" : "tokenSecret";
  return `"${key}" looks like an inline secret: Baton never reads secret values from this file; store the value as a setting or Key Vault secret and reference it by name (e.g. ${reference}: MY_SETTING)`;
}
