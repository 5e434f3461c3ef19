import type { SecretSource } from "../../config/secrets.js";
import type { IntakeDeps } from "../intake/intake.js";

/** What every door needs: its secrets, the intake's dependencies and the body limit. */
export interface DoorDeps extends IntakeDeps {
  secrets: SecretSource;
  maxBodyBytes: number;
  /** Clock for receive times (injected in tests). */
  now?: () => Date;
}
