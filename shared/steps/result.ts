/**
 * The one result contract of every promotion step and gate (house style 4, after Kargo's
 * StepRunner). An activity returns one of these; the orchestrator maps it without knowing the step:
 *
 * - `succeeded`: done, with the step's evidence in `value`; move on.
 * - `running`: not yet; start a durable timer for `retryAfterMs`, then check again. `detail` says
 *   what was last seen, for custom status and the audit.
 * - `failed`: terminal. Retrying cannot help (Flux failed at our revision, a gate said no).
 * - `errored`: the check itself could not be made (object not found yet, source unreachable);
 *   retryable, and the orchestrator's deadline bounds how long it keeps trying.
 *
 * Every variant is plain JSON so it crosses the activity boundary and durable history unchanged.
 */
export type StepResult<T> =
  | { status: "succeeded"; value: T }
  | { status: "running"; retryAfterMs: number; detail: string }
  | { status: "failed"; reason: string }
  | { status: "errored"; reason: string; retryable: true };

export type StepStatus = StepResult<unknown>["status"];

export const succeeded = <T>(value: T): StepResult<T> => ({ status: "succeeded", value });

export function running<T = never>(retryAfterMs: number, detail: string): StepResult<T> {
  if (!Number.isFinite(retryAfterMs) || retryAfterMs < 0) {
    throw new RangeError(`retryAfterMs must be a finite, non-negative number of milliseconds, got ${retryAfterMs}`);
  }
  return { status: "running", retryAfterMs, detail };
}

export const failed = <T = never>(reason: string): StepResult<T> => ({ status: "failed", reason });

export const errored = <T = never>(reason: string): StepResult<T> => ({ status: "errored", reason, retryable: true });

/** True once nothing more will change: the orchestrator stops checking. */
export function isSettled<T>(result: StepResult<T>): result is Extract<StepResult<T>, { status: "succeeded" | "failed" }> {
  return result.status === "succeeded" || result.status === "failed";
}

/**
 * What the orchestrator does next with a result, decided in one place so every step and gate
 * behaves alike: `errored` is re-checked like `running`, only with its reason as the detail.
 */
export type NextMove<T> =
  | { move: "proceed"; value: T }
  | { move: "stop"; reason: string }
  | { move: "recheck"; afterMs: number; detail: string; troubled: boolean };

export function nextMove<T>(result: StepResult<T>, erroredRetryAfterMs: number): NextMove<T> {
  switch (result.status) {
    case "succeeded":
      return { move: "proceed", value: result.value };
    case "failed":
      return { move: "stop", reason: result.reason };
    case "running":
      return { move: "recheck", afterMs: result.retryAfterMs, detail: result.detail, troubled: false };
    case "errored":
      return { move: "recheck", afterMs: erroredRetryAfterMs, detail: result.reason, troubled: true };
  }
}
