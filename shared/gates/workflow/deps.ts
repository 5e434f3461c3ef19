import type { SecretSource } from "../../config/secrets.js";

/** What the workflow gate's activities receive: secrets by name, an injectable fetch, a clock. */
export interface WorkflowGateDeps {
  secrets: SecretSource;
  fetch?: typeof fetch;
  now: () => Date;
  /** Client-side write pacing (see GitHubClientConfig.throttle); only a local fake may turn it off. */
  throttle?: boolean;
}
