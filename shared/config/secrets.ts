/**
 * Where Baton's secrets come from. Callers name a secret by its setting name (for example
 * `GITHUB_WEBHOOK_SECRET`); the source decides whether that is a plain setting (local development)
 * or a Key Vault secret (Azure). Values are never logged: errors name the secret, never its value.
 */
export interface SecretSource {
  /** The current value, from cache when fresh; undefined when the secret is not configured. */
  get(name: string): Promise<string | undefined>;
  /** Forget the cached value and read it again (after a signature failure, to pick up a rotation). */
  refresh(name: string): Promise<string | undefined>;
}
