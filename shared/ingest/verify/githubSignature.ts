import { Webhooks } from "@octokit/webhooks";

/**
 * Verifies `X-Hub-Signature-256` with @octokit/webhooks against the current secret and then each
 * additional (previous) one, so a secret can be rotated without dropping deliveries. One Webhooks
 * instance per secret is kept, because `Webhooks#verify` checks only its primary secret.
 */
export class GitHubSignatureVerifier {
  private readonly bySecret = new Map<string, Webhooks>();

  async verify(payload: string, signature: string, secrets: readonly string[]): Promise<boolean> {
    for (const secret of secrets) {
      // verify() throws a TypeError for an empty signature or payload: that is a mismatch here.
      const ok = await this.webhooksFor(secret).verify(payload, signature).catch(() => false);
      if (ok) return true;
    }
    return false;
  }

  private webhooksFor(secret: string): Webhooks {
    let webhooks = this.bySecret.get(secret);
    if (!webhooks) {
      // Bounded by the number of secrets ever configured in this process (a handful).
      webhooks = new Webhooks({ secret });
      this.bySecret.set(secret, webhooks);
    }
    return webhooks;
  }
}
