import type { DurableClient } from "durable-functions";

/** The part of DurableClient the adapters use: small enough for a hand-written fake. */
export type DurableClientPart = Pick<DurableClient, "getStatus" | "startNew" | "raiseEvent">;
