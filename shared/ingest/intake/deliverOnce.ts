import type { DeliveryLog } from "../../store/ports.js";

export type Once<T> = { duplicate: true } | { duplicate: false; result: T };

/**
 * Runs a delivery's effect unless the delivery was already handled. The delivery is recorded
 * only after the effect succeeded (record-then-ack): a crash in between means the sender's retry
 * runs the effect again, which is safe because every effect is idempotent (deterministic
 * instance ids, events that waiting promotions tolerate twice). Concurrent duplicates may both
 * run the effect for the same reason; the dedupe saves work, the ids guarantee correctness.
 */
export async function deliverOnce<T>(log: DeliveryLog, source: string, deliveryId: string, effect: () => Promise<T>): Promise<Once<T>> {
  if (await log.hasSeen(source, deliveryId)) return { duplicate: true };
  const result = await effect();
  await log.markSeen(source, deliveryId);
  return { duplicate: false, result };
}
