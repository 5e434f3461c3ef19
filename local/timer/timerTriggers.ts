/**
 * Runs an app's timer triggers on the host clock (virtual in tests), one invocation at a time per
 * function, with the payload the Functions host sends (PascalCase; the library camel-cases it).
 */
import type { Clock } from "../clock.js";
import { invokeFunction, triggerOf, type FunctionLog } from "../core/invoke.js";
import type { LoadedApp } from "../core/loadApp.js";
import type { FunctionRegistration, RpcParameterBinding } from "../core/types.js";
import { parseSchedule } from "./schedule.js";

export interface TimerTriggers {
  stop(): void;
  /** Resolves when no timer invocation is running. */
  idle(): Promise<void>;
}

export function timerFunctions(app: LoadedApp): FunctionRegistration[] {
  return app.functions.filter((f) => triggerOf(f).type.toLowerCase() === "timertrigger");
}

export function startTimerTriggers(
  app: LoadedApp,
  clock: Clock,
  log: FunctionLog,
  extraInputs: (fn: FunctionRegistration) => RpcParameterBinding[],
  env: NodeJS.ProcessEnv = process.env,
): TimerTriggers {
  const cancels: (() => void)[] = [];
  const running = new Set<Promise<void>>();
  let stopped = false;
  for (const fn of timerFunctions(app)) {
    const trigger = triggerOf(fn);
    const raw = typeof trigger.binding.schedule === "string" ? trigger.binding.schedule : "";
    const text = raw.replace(/%([^%]+)%/g, (_m, name: string) => env[name] ?? "");
    const schedule = parseSchedule(text, env.WEBSITE_TIME_ZONE || "UTC");
    let last: number | undefined;
    const fire = (due: number, isPastDue: boolean): void => {
      if (stopped) return;
      const next = schedule.next(Math.max(due, clock.now()));
      const payload = {
        Schedule: { AdjustForDST: true },
        ScheduleStatus: { Last: new Date(last ?? due).toISOString(), Next: new Date(next).toISOString(), LastUpdated: new Date(clock.now()).toISOString() },
        IsPastDue: isPastDue,
      };
      last = due;
      const run = invokeFunction(app, fn, { inputData: [{ name: trigger.name, data: { json: JSON.stringify(payload) } }, ...extraInputs(fn)] }, log)
        .then(() => undefined)
        .catch((error: unknown) => log(fn.metadata.name, "error", "user", `Executed '${fn.metadata.name}' (Failed): ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          running.delete(run);
          arm(next);
        });
      running.add(run);
    };
    const arm = (at: number): void => {
      if (!stopped) cancels.push(clock.setTimer(at, () => fire(at, clock.now() - at > 60_000)));
    };
    if (trigger.binding.runOnStartup === true) fire(clock.now(), false);
    else arm(schedule.next(clock.now()));
  }
  return {
    stop() {
      stopped = true;
      cancels.forEach((c) => c());
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
