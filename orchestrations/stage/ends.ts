/** How a step of a stage ends: done, failed (the stage's failure policy decides), or aborted by ops. */
import type { OpsCommandPayload } from "../../shared/durable/events.js";

export type StepEnd<T> = { kind: "done"; value: T } | { kind: "failed"; reason: string } | { kind: "aborted"; command: OpsCommandPayload };

export const done = <T>(value: T): StepEnd<T> => ({ kind: "done", value });
export const failedWith = <T = never>(reason: string): StepEnd<T> => ({ kind: "failed", reason });
export const abortedBy = <T = never>(command: OpsCommandPayload): StepEnd<T> => ({ kind: "aborted", command });
