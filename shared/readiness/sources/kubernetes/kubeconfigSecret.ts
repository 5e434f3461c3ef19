/**
 * A KubeConfig built from a secret's text (issue 10 point 6). The client's own parse errors quote
 * the offending source line, and in a kubeconfig that line is often the token: such an error would
 * travel into durable history (TaskFailed details) and the status API. Errors here name the secret
 * and say what is wrong (the YAML problem and its line), never what the text holds, and carry no
 * cause for a serializer to dig the original out of.
 */
import { KubeConfig } from "@kubernetes/client-node";

export class KubeconfigSecretError extends Error {
  constructor(
    readonly secret: string,
    problem: string,
  ) {
    super(`secret ${secret} is not a usable kubeconfig: ${problem}`);
    this.name = "KubeconfigSecretError";
  }
}

export function kubeConfigFromSecret(secret: string, text: string, context?: string): KubeConfig {
  const config = new KubeConfig();
  try {
    config.loadFromString(text);
  } catch (error) {
    throw new KubeconfigSecretError(secret, describeParseError(error));
  }
  if (config.getClusters().length === 0) throw new KubeconfigSecretError(secret, "it names no cluster (clusters: is empty or missing)");
  if (context !== undefined) {
    if (!config.getContexts().some((c) => c.name === context)) throw new KubeconfigSecretError(secret, `it has no context named ${context} (the stage's observe.context)`);
    config.setCurrentContext(context);
  }
  return config;
}

/** js-yaml's `reason` is a fixed phrase and `mark.line` a number: neither holds the text. */
function describeParseError(error: unknown): string {
  if (typeof error === "object" && error !== null && "reason" in error && typeof error.reason === "string") {
    const mark = "mark" in error && typeof error.mark === "object" && error.mark !== null && "line" in error.mark && typeof error.mark.line === "number" ? error.mark.line + 1 : undefined;
    return `YAML syntax: ${error.reason}${mark === undefined ? "" : ` at line ${mark}`}`;
  }
  return "not a kubeconfig document (expected YAML with clusters, users and contexts)";
}
