/**
 * Runs durable orchestrations for a loaded app: orchestrator episodes through the REAL
 * durable-functions replay (invoked like the worker invokes it), activities, timers,
 * sub-orchestrations, external events and suspend / resume / terminate, all on DurableStore.
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.js";
import type { LoadedApp } from "../core/loadApp.js";
import { invokeFunction, triggerOf, type FunctionLog } from "../core/invoke.js";
import { typedDataToJsonText } from "../core/typedData.js";
import type { FunctionRegistration, RpcParameterBinding, RpcTypedData } from "../core/types.js";
import { ActionType, type OrchestratorAction, type OrchestratorState } from "./actions.js";
import { EventType, toHistoryEvent, type HistoryEvent, type InboundEvent } from "./history.js";
import { replayActions, type ScheduledTask } from "./replay.js";
import { isTerminal, type InstanceRecord, type RuntimeStatus } from "./status.js";
import type { ActivityWorkItem, DurableStore, EpisodeCommit, NewMessage } from "./store.js";

export interface EngineOptions {
  store: DurableStore;
  app: LoadedApp;
  clock: Clock;
  log: FunctionLog;
  /** Extra input bindings (the durable client) the host supplies to a function. */
  extraInputs?: (fn: FunctionRegistration) => RpcParameterBinding[];
  /** host.json extensions.durableTask.maxConcurrentActivityFunctions */
  maxConcurrentActivities?: number;
  maximumShortTimerMs?: number;
  longTimerIntervalMs?: number;
  /** host.json `functionTimeout` in ms: an activity still running then fails with a timeout. */
  functionTimeoutMs?: number | undefined;
}

export class InstanceConflictError extends Error {}
export class UnknownFunctionError extends Error {}

const DAY_MS = 24 * 60 * 60 * 1000;
const OUT_OF_PROC_LABEL = "$OutOfProcData$:";

export class DurableEngine {
  readonly #o: Required<Omit<EngineOptions, "functionTimeoutMs">> & Pick<EngineOptions, "functionTimeoutMs">;
  #queue: ActivityWorkItem[] = [];
  #inFlight = new Set<Promise<void>>();
  #loop: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  #cancelWake: (() => void) | undefined;
  #idleWaiters: (() => void)[] = [];

  constructor(options: EngineOptions) {
    this.#o = {
      functionTimeoutMs: undefined,
      maxConcurrentActivities: 10,
      extraInputs: () => [],
      maximumShortTimerMs: 6 * DAY_MS,
      longTimerIntervalMs: 3 * DAY_MS,
      ...options,
    };
  }

  get store(): DurableStore {
    return this.#o.store;
  }

  /** Picks up work a previous run left: queued activities and due events. */
  start(): void {
    this.#queue.push(...this.#o.store.pendingActivities());
    this.kick();
  }

  /** Stops taking work; waits (up to `graceMs`) for running activities to record their result. */
  async stop(graceMs = 5000): Promise<void> {
    this.#stopped = true;
    this.#cancelWake?.();
    const pending = [this.#loop, ...this.#inFlight].filter((p): p is Promise<void> => p !== undefined);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(pending),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  kick(): void {
    if (this.#stopped) return;
    if (this.#loop) {
      this.#again = true;
      return;
    }
    this.#loop = this.#runLoop().finally(() => {
      this.#loop = undefined;
      if (this.#again && !this.#stopped) this.kick();
      else {
        this.#armWake();
        this.#checkIdle();
      }
    });
  }

  /** Resolves once nothing is due or running (future timers do not count). */
  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  // ---- client operations (the Durable HTTP API calls these) ----

  findFunction(name: string, triggerType: string): FunctionRegistration | undefined {
    const lower = name.toLowerCase();
    return this.#o.app.functions.find(
      (f) => f.metadata.name.toLowerCase() === lower && triggerOf(f).type.toLowerCase() === triggerType.toLowerCase(),
    );
  }

  startNew(name: string, instanceId: string, inputJson: string | null): InstanceRecord {
    const fn = this.findFunction(name, "orchestrationTrigger");
    if (!fn) throw new UnknownFunctionError(`The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`);
    const existing = this.#o.store.getInstance(instanceId);
    if (existing && !isTerminal(existing.runtimeStatus)) {
      throw new InstanceConflictError(`An orchestration instance with ID '${instanceId}' already exists and is ${existing.runtimeStatus}.`);
    }
    const now = this.#o.clock.now();
    this.#o.store.createInstance(
      { instanceId, name: fn.metadata.name, executionId: randomUUID(), input: inputJson, createdAt: now },
      now,
    );
    this.kick();
    const created = this.#o.store.getInstance(instanceId);
    if (!created) throw new Error(`Instance ${instanceId} vanished right after it was created.`);
    return created;
  }

  /** Queues an event for an instance (external event or control); the caller checked it exists. */
  send(instanceId: string, event: InboundEvent): void {
    this.#o.store.enqueue({ instanceId, executionId: null, visibleAt: this.#o.clock.now(), event });
    this.kick();
  }

  /**
   * Whether suspend / resume messages still queued for the instance leave it suspended (true),
   * running (false), or there are none (undefined): a second suspend sent before the first was
   * applied is still a suspend of a suspended instance.
   */
  pendingSuspension(instanceId: string): boolean | undefined {
    let suspended: boolean | undefined;
    for (const m of this.#o.store.dueMessages(instanceId, Number.MAX_SAFE_INTEGER)) {
      if (m.event.type === "Suspend") suspended = true;
      else if (m.event.type === "Resume") suspended = false;
    }
    return suspended;
  }

  // ---- the loop ----

  #isIdle(): boolean {
    return (
      !this.#loop &&
      this.#inFlight.size === 0 &&
      this.#queue.length === 0 &&
      this.#o.store.dueInstances(this.#o.clock.now(), 1).length === 0
    );
  }

  #checkIdle(): void {
    if (this.#idleWaiters.length === 0 || !this.#isIdle()) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    waiters.forEach((w) => w());
  }

  #armWake(): void {
    this.#cancelWake?.();
    this.#cancelWake = undefined;
    if (this.#stopped) return;
    const next = this.#o.store.nextVisibleAfter(this.#o.clock.now());
    if (next !== undefined) this.#cancelWake = this.#o.clock.setTimer(next, () => this.kick());
  }

  async #runLoop(): Promise<void> {
    do {
      this.#again = false;
      for (;;) {
        const due = this.#o.store.dueInstances(this.#o.clock.now());
        if (due.length === 0 || this.#stopped) break;
        for (const id of due) {
          if (this.#stopped) return;
          await this.#safeEpisode(id);
          // Activity workers do not wait for the orchestration workers (on Azure they dispatch
          // from their own queue): what this episode scheduled starts now, in a free slot, not
          // after every other due episode of a burst has run.
          this.#startActivities();
          // Episodes resolve in microtasks; without a macrotask turn now and then, a burst of
          // work would starve the HTTP server and activity I/O sharing this event loop.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
      this.#startActivities();
    } while (this.#again && !this.#stopped);
  }

  async #safeEpisode(instanceId: string): Promise<void> {
    try {
      await this.#episode(instanceId);
    } catch (error) {
      // A host bug must not spin forever on the same messages: fail the instance loudly.
      const message = error instanceof Error ? error.message : String(error);
      this.#o.log(instanceId, "error", "system", `Local runtime error in orchestration episode: ${message}`);
      const instance = this.#o.store.getInstance(instanceId);
      const due = this.#o.store.dueMessages(instanceId, this.#o.clock.now()).map((m) => m.id);
      if (!instance) return this.#o.store.deleteMessages(due);
      this.#commitEnd(instance, "Failed", JSON.stringify(`Local runtime error: ${message}`), [], due, this.#o.clock.now());
    }
  }

  async #episode(instanceId: string): Promise<void> {
    const { store, clock } = this.#o;
    const now = clock.now();
    const ts = new Date(now).toISOString();
    const instance = store.getInstance(instanceId);
    const messages = store.dueMessages(instanceId, now);
    if (!instance || isTerminal(instance.runtimeStatus)) {
      // Events for an instance that is gone or finished are dropped, as on Azure.
      store.deleteMessages(messages.map((m) => m.id));
      return;
    }
    let status: RuntimeStatus = instance.runtimeStatus;
    const control: HistoryEvent[] = [];
    const controlIds: number[] = [];
    const eventIds: number[] = [];
    const newEvents: HistoryEvent[] = [];
    for (const m of messages) {
      const e = m.event;
      if (e.type === "Terminate") {
        const all = messages.map((x) => x.id);
        const terminated: HistoryEvent = { EventType: EventType.ExecutionTerminated, EventId: -1, IsPlayed: false, Timestamp: ts, Input: JSON.stringify(e.reason) };
        this.#commitEnd(instance, "Terminated", JSON.stringify(e.reason), [...control, terminated], all, now);
        return;
      }
      if (e.type === "Suspend") {
        controlIds.push(m.id);
        if (status === "Running" || status === "Pending") {
          status = "Suspended";
          control.push({ EventType: EventType.ExecutionSuspended, EventId: -1, IsPlayed: false, Timestamp: ts, Reason: e.reason });
        }
        continue;
      }
      if (e.type === "Resume") {
        controlIds.push(m.id);
        if (status === "Suspended") {
          status = "Running";
          control.push({ EventType: EventType.ExecutionResumed, EventId: -1, IsPlayed: false, Timestamp: ts, Reason: e.reason });
        }
        continue;
      }
      if (m.executionId !== null && m.executionId !== instance.executionId) {
        controlIds.push(m.id); // a completion for an execution that continued-as-new: drop it
        continue;
      }
      const h = toHistoryEvent(e, ts);
      if (h) {
        newEvents.push(h);
        eventIds.push(m.id);
      }
    }
    if (status === "Suspended" || newEvents.length === 0) {
      // Suspended: events stay queued until resume. Either way only control changes are saved.
      store.commitEpisode(
        { instanceId, update: { runtimeStatus: status, updatedAt: now }, appendHistory: control, consumedMessageIds: controlIds, messages: [], activities: [], children: [] },
        now,
      );
      return;
    }
    await this.#runOrchestrator(instance, control, newEvents, [...controlIds, ...eventIds], now);
  }

  async #runOrchestrator(
    instance: InstanceRecord,
    control: HistoryEvent[],
    newEvents: HistoryEvent[],
    consumed: number[],
    now: number,
  ): Promise<void> {
    const ts = new Date(now).toISOString();
    const past = this.#o.store.getHistory(instance.instanceId);
    const started: HistoryEvent = { EventType: EventType.OrchestratorStarted, EventId: -1, IsPlayed: false, Timestamp: ts };
    const episode = [...control, started, ...newEvents];
    const history = [...past, ...episode];
    const fn = this.findFunction(instance.name, "orchestrationTrigger");
    if (!fn) {
      const reason = `The function '${instance.name}' doesn't exist, is disabled, or is not an orchestrator function.`;
      return this.#commitEnd(instance, "Failed", JSON.stringify(reason), episode, consumed, now);
    }
    const payload = orchestratorPayload(instance, history, past.length > 0, this.#o);
    const outcome = await this.#invokeOrchestrator(fn, payload);
    const state = outcome.state;
    const customStatus = state?.customStatus === undefined ? undefined : JSON.stringify(state.customStatus);
    const actions = state?.actions.flat() ?? [];
    if (outcome.error !== undefined) {
      const reason = `Orchestrator function '${instance.name}' failed: ${outcome.error}`;
      return this.#commitEnd(instance, "Failed", JSON.stringify(reason), episode, consumed, now, customStatus);
    }
    const replay = replayActions(history, actions, {
      instanceId: instance.instanceId,
      maximumShortTimerMs: this.#o.maximumShortTimerMs,
      longTimerIntervalMs: this.#o.longTimerIntervalMs,
    });
    const broken = replay.nondeterminism ?? replay.unsupported;
    if (broken) {
      this.#o.log(instance.name, "error", "system", `${instance.instanceId}: ${broken}`);
      return this.#commitEnd(instance, "Failed", JSON.stringify(`Orchestrator function '${instance.name}' failed: ${broken}`), episode, consumed, now, customStatus);
    }
    if (state?.isDone) {
      const continueAsNew = actions.find((a) => a.actionType === ActionType.ContinueAsNew);
      if (continueAsNew) return this.#commitContinueAsNew(instance, continueAsNew, consumed, now, customStatus);
      return this.#commitEnd(instance, "Completed", JSON.stringify(state.output ?? null), episode, consumed, now, customStatus);
    }
    this.#commitRunning(instance, episode, replay.newTasks, consumed, now, customStatus);
  }

  async #invokeOrchestrator(fn: FunctionRegistration, payload: object): Promise<{ state?: OrchestratorState; error?: string }> {
    const trigger = triggerOf(fn);
    try {
      const response = await invokeFunction(
        this.#o.app,
        fn,
        { inputData: [{ name: trigger.name, data: { json: JSON.stringify(payload) } }, ...this.#o.extraInputs(fn)] },
        this.#o.log,
      );
      return { state: JSON.parse(typedDataToJsonText(response.returnValue)) as OrchestratorState };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const at = message.indexOf(OUT_OF_PROC_LABEL);
      if (at < 0) return { error: message };
      const state = JSON.parse(message.slice(at + OUT_OF_PROC_LABEL.length)) as OrchestratorState;
      return { state, error: state.error ?? message.slice(0, at).trim() };
    }
  }

  #commitRunning(instance: InstanceRecord, episode: HistoryEvent[], tasks: ScheduledTask[], consumed: number[], now: number, customStatus: string | undefined): void {
    const ts = new Date(now).toISOString();
    const scheduled: HistoryEvent[] = [];
    const messages: NewMessage[] = [];
    const activities: EpisodeCommit["activities"] = [];
    const children: EpisodeCommit["children"] = [];
    for (const task of tasks) {
      const base = { EventId: task.id, IsPlayed: false, Timestamp: ts };
      if (task.kind === "activity") {
        scheduled.push({ ...base, EventType: EventType.TaskScheduled, Name: task.name, Input: task.input });
        activities.push({ instanceId: instance.instanceId, executionId: instance.executionId, taskId: task.id, name: task.name, input: task.input });
      } else if (task.kind === "timer") {
        scheduled.push({ ...base, EventType: EventType.TimerCreated, FireAt: task.fireAt });
        messages.push({
          instanceId: instance.instanceId,
          executionId: instance.executionId,
          visibleAt: Date.parse(task.fireAt),
          event: { type: "TimerFired", timerId: task.id, fireAt: task.fireAt },
        });
      } else {
        scheduled.push({ ...base, EventType: EventType.SubOrchestrationInstanceCreated, Name: task.name, InstanceId: task.instanceId, Input: task.input });
        const existing = this.#o.store.getInstance(task.instanceId);
        if (existing && !isTerminal(existing.runtimeStatus)) {
          messages.push({
            instanceId: instance.instanceId,
            executionId: instance.executionId,
            visibleAt: now,
            event: { type: "SubOrchestrationInstanceFailed", taskId: task.id, reason: `An orchestration instance with ID '${task.instanceId}' already exists.`, details: "" },
          });
        } else if (!this.findFunction(task.name, "orchestrationTrigger")) {
          messages.push({
            instanceId: instance.instanceId,
            executionId: instance.executionId,
            visibleAt: now,
            event: { type: "SubOrchestrationInstanceFailed", taskId: task.id, reason: `The function '${task.name}' doesn't exist, is disabled, or is not an orchestrator function.`, details: "" },
          });
        } else {
          children.push({
            instanceId: task.instanceId,
            name: task.name,
            executionId: randomUUID(),
            input: task.input,
            createdAt: now,
            parentInstanceId: instance.instanceId,
            parentTaskId: task.id,
            parentExecutionId: instance.executionId,
          });
        }
      }
    }
    const completed: HistoryEvent = { EventType: EventType.OrchestratorCompleted, EventId: -1, IsPlayed: false, Timestamp: ts };
    const created = this.#o.store.commitEpisode(
      {
        instanceId: instance.instanceId,
        update: { runtimeStatus: "Running", updatedAt: now, ...(customStatus !== undefined ? { customStatus } : {}) },
        appendHistory: [...episode, ...scheduled, completed],
        consumedMessageIds: consumed,
        messages,
        activities,
        children,
      },
      now,
    );
    this.#queue.push(...created);
  }

  #commitEnd(
    instance: InstanceRecord,
    status: "Completed" | "Failed" | "Terminated",
    outputJson: string,
    episode: HistoryEvent[],
    consumed: number[],
    now: number,
    customStatus?: string,
  ): void {
    const ts = new Date(now).toISOString();
    const end: HistoryEvent[] =
      status === "Terminated"
        ? []
        : [{ EventType: EventType.ExecutionCompleted, EventId: -1, IsPlayed: false, Timestamp: ts, OrchestrationStatus: status, Result: outputJson }];
    const messages: NewMessage[] = [];
    if (instance.parentInstanceId && instance.parentTaskId !== null) {
      const event: InboundEvent =
        status === "Completed"
          ? { type: "SubOrchestrationInstanceCompleted", taskId: instance.parentTaskId, result: outputJson }
          : { type: "SubOrchestrationInstanceFailed", taskId: instance.parentTaskId, reason: String(parseJson(outputJson)), details: "" };
      messages.push({ instanceId: instance.parentInstanceId, executionId: instance.parentExecutionId, visibleAt: now, event });
    }
    this.#o.store.commitEpisode(
      {
        instanceId: instance.instanceId,
        update: { runtimeStatus: status, output: outputJson, updatedAt: now, ...(customStatus !== undefined ? { customStatus } : {}) },
        appendHistory: [...episode, ...end],
        consumedMessageIds: consumed,
        clearQueues: true,
        messages,
        activities: [],
        children: [],
      },
      now,
    );
  }

  #commitContinueAsNew(instance: InstanceRecord, action: OrchestratorAction, consumed: number[], now: number, customStatus: string | undefined): void {
    // The library JSON-encodes a string input for continueAsNew (Utils.processInput); undo it once.
    const input = typeof action.input === "string" ? parseJson(action.input) : action.input;
    const inputJson = input === undefined ? null : JSON.stringify(input);
    const executionId = randomUUID();
    this.#o.store.commitEpisode(
      {
        instanceId: instance.instanceId,
        // A new execution is created now, as on Azure (its status reports the restart as CreatedTime).
        update: { runtimeStatus: "Running", executionId, input: inputJson ?? undefined, createdAt: now, updatedAt: now, ...(customStatus !== undefined ? { customStatus } : {}) },
        resetHistory: true,
        appendHistory: [],
        consumedMessageIds: consumed,
        messages: [{ instanceId: instance.instanceId, executionId, visibleAt: now, event: { type: "ExecutionStarted", name: instance.name, input: inputJson } }],
        activities: [],
        children: [],
      },
      now,
    );
  }

  #startActivities(): void {
    while (!this.#stopped && this.#inFlight.size < this.#o.maxConcurrentActivities && this.#queue.length > 0) {
      const item = this.#queue.shift();
      if (!item) break;
      const run: Promise<void> = this.#runActivity(item).finally(() => {
        this.#inFlight.delete(run);
        this.kick();
        this.#checkIdle();
      });
      this.#inFlight.add(run);
    }
  }

  /**
   * Races an invocation against host.json `functionTimeout` on the host's clock. The real host
   * cannot stop a Node function either: it fails the invocation (and restarts the worker); here the
   * late result is ignored and the activity fails, so its orchestration moves on.
   */
  #withinFunctionTimeout<T>(invocation: Promise<T>, name: string): Promise<T> {
    const limit = this.#o.functionTimeoutMs;
    if (limit === undefined) return invocation;
    return new Promise<T>((resolve, reject) => {
      const cancel = this.#o.clock.setTimer(this.#o.clock.now() + limit, () => {
        reject(new FunctionTimeoutError(`Timeout value of ${durationText(limit)} was exceeded by function: Functions.${name}`));
      });
      invocation.then(
        (value) => {
          cancel();
          resolve(value);
        },
        (error: unknown) => {
          cancel();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  async #runActivity(item: ActivityWorkItem): Promise<void> {
    const fn = this.findFunction(item.name, "activityTrigger");
    let event: InboundEvent;
    if (!fn) {
      event = { type: "TaskFailed", taskId: item.taskId, reason: `The function '${item.name}' doesn't exist, is disabled, or is not an activity function.`, details: "" };
    } else {
      try {
        const input: unknown = JSON.parse(item.input);
        const data: RpcTypedData | undefined =
          input === null ? undefined : typeof input === "string" ? { string: input } : { json: JSON.stringify(input) };
        const invocation = invokeFunction(
          this.#o.app,
          fn,
          { inputData: [...(data ? [{ name: triggerOf(fn).name, data }] : []), ...this.#o.extraInputs(fn)] },
          this.#o.log,
        );
        const response = await this.#withinFunctionTimeout(invocation, fn.metadata.name);
        event = { type: "TaskCompleted", taskId: item.taskId, result: typedDataToJsonText(response.returnValue) };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const details = error instanceof Error ? (error.stack ?? message) : message;
        event = { type: "TaskFailed", taskId: item.taskId, reason: `Activity function '${item.name}' failed: ${message}`, details };
      }
    }
    try {
      this.#o.store.completeActivity(item, event, this.#o.clock.now());
    } catch (error) {
      // The store is closed (host stopping): the work item stays queued and runs again next start.
      if (!this.#stopped) throw error;
    }
  }
}

/** Raised when an invocation outlives host.json `functionTimeout`, in the real host's words. */
export class FunctionTimeoutError extends Error {}

/** What the Functions host sends an orchestrator trigger (durable-host.md section 2). */
export function orchestratorPayload(
  instance: Pick<InstanceRecord, "instanceId" | "input" | "parentInstanceId">,
  history: HistoryEvent[],
  isReplaying: boolean,
  timers: { longTimerIntervalMs: number; maximumShortTimerMs: number },
): object {
  return {
    history,
    input: parseJson(instance.input),
    instanceId: instance.instanceId,
    isReplaying,
    parentInstanceId: instance.parentInstanceId ?? undefined,
    upperSchemaVersion: 1,
    upperSchemaVersionNew: 2,
    longRunningTimerIntervalDuration: durationText(timers.longTimerIntervalMs),
    maximumShortTimerDuration: durationText(timers.maximumShortTimerMs),
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  };
}

function parseJson(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** .NET TimeSpan text ("3.00:00:00") as the extension sends it. */
function durationText(ms: number): string {
  const total = Math.floor(ms / 1000);
  const days = Math.floor(total / 86400);
  const hh = String(Math.floor((total % 86400) / 3600)).padStart(2, "0");
  const mm = String(Math.floor((total % 3600) / 60)).padStart(2, "0");
  const ss = String(total % 60).padStart(2, "0");
  return `${days > 0 ? `${days}.` : ""}${hh}:${mm}:${ss}`;
}
