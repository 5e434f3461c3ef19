import { createHash } from "node:crypto";
import { MAX_INSTANCE_ID_LENGTH } from "../../durable/instanceIdLimits.js";

/** Pipeline names as the pipelines file allows them (shared/pipelines/config/fileSchema.ts). */
const PIPELINE_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** A digest usable as is: a short algorithm name and lower-case hex. */
const PLAIN_DIGEST = /^([a-z0-9]{1,16}):([a-f0-9]+)$/;

/**
 * The promotion instance id for a pipeline and image digest: `promo-<pipeline>-<alg>-<hex>`.
 * Deterministic, so a duplicate or redelivered event names the same instance and never starts a
 * second one; limited to `[a-z0-9-]` because it travels unencoded in Durable HTTP API URLs; at
 * most 100 characters (the Durable Task Scheduler's limit). When the whole digest does not fit,
 * its hex is cut: the hex is already a content hash, and at least 36 hex digits (144 bits) always
 * remain (pipeline <= 40, algorithm <= 16 characters), so two images of one pipeline never share
 * an id. A digest in any other form is replaced by its SHA-256 (`h-<hex>`).
 */
export function promotionInstanceId(pipeline: string, digest: string): string {
  if (!PIPELINE_NAME.test(pipeline)) throw new Error(`not a pipeline name: ${JSON.stringify(pipeline.slice(0, 60))} (1-40 lower-case letters, digits or dashes)`);
  const plain = PLAIN_DIGEST.exec(digest);
  const [alg, hex] = plain ? [plain[1], plain[2]] : ["h", createHash("sha256").update(digest).digest("hex")];
  return `promo-${pipeline}-${alg}-${hex}`.slice(0, MAX_INSTANCE_ID_LENGTH);
}
