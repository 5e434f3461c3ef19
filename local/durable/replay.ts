/**
 * Decides which durable tasks an orchestrator episode newly scheduled, and which task id each
 * one has, by replaying the episode's full action list against the instance history.
 *
 * The durable-functions library numbers leaf tasks with one counter, in the order they are
 * yielded, and matches every completion by that number (durable-host.md section 5). The real
 * host (the Durable extension's OutOfProcOrchestrationShim) learns those numbers by re-issuing
 * the action list through DTFx, awaiting each top-level action in turn, while DTFx replays the
 * history. This module does the same, synchronously: top-level actions are taken one at a time,
 * and only once the previous one is complete; history events complete tasks in order; retries
 * and long timers take extra ids exactly when the library takes them. Completion semantics
 * follow the library (WhenAll fails fast, the newest waiter gets an external event), because the
 * ids only line up if host and library agree on when a yield resumed.
 *
 * It also performs DTFx's determinism check: a scheduling event already in history must match
 * the task the replay scheduled under the same id.
 */
import { ActionType, type OrchestratorAction, type RetryOptions } from "./actions.js";
import { EventType, type HistoryEvent } from "./history.js";

export interface ReplayOptions {
  instanceId: string;
  /** Timers further away than this are split (DTFx: maximumShortTimerDuration, 6 days). */
  maximumShortTimerMs: number;
  /** Length of each piece of a split timer (longRunningTimerIntervalDuration, 3 days). */
  longTimerIntervalMs: number;
}

export type ScheduledTask =
  | { id: number; kind: "activity"; name: string; input: string }
  | { id: number; kind: "timer"; fireAt: string }
  | { id: number; kind: "subOrchestration"; name: string; instanceId: string; input: string };

type TaskSpec = ScheduledTask extends infer T ? (T extends ScheduledTask ? Omit<T, "id"> : never) : never;

export interface ReplayResult {
  /** Tasks the replay scheduled that history has no scheduling event for yet, by id. */
  newTasks: ScheduledTask[];
  /** Set when history contradicts the orchestrator's code: the instance must fail. */
  nondeterminism?: string;
  /** Set when the orchestrator used a feature this host does not run (entities, durable HTTP). */
  unsupported?: string;
}

class TaskNode {
  done = false;
  failed = false;
  #listeners: (() => void)[] = [];
  onDone(listener: () => void): void {
    if (this.done) listener();
    else this.#listeners.push(listener);
  }
  finish(failed: boolean): void {
    if (this.done) return;
    this.done = true;
    this.failed = failed;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const l of listeners) l();
  }
}

interface Leaf {
  task: ScheduledTask;
  node: TaskNode;
  confirmed: boolean;
}

class NondeterminismError extends Error {}
class UnsupportedError extends Error {}

class ShimReplay {
  #nextId = 0;
  #now = 0;
  #top = 0;
  readonly #leaves = new Map<number, Leaf>();
  readonly #early = new Map<number, boolean>();
  readonly #waiters = new Map<string, TaskNode[]>();
  readonly #buffered = new Map<string, number>();

  constructor(
    private readonly actions: OrchestratorAction[],
    private readonly options: ReplayOptions,
  ) {}

  run(history: HistoryEvent[]): ReplayResult {
    try {
      for (const event of history) this.#process(event);
    } catch (error) {
      if (error instanceof NondeterminismError) return { newTasks: [], nondeterminism: error.message };
      if (error instanceof UnsupportedError) return { newTasks: [], unsupported: error.message };
      throw error;
    }
    const newTasks = [...this.#leaves.values()].filter((l) => !l.confirmed).map((l) => l.task);
    return { newTasks: newTasks.sort((a, b) => a.id - b.id) };
  }

  #process(event: HistoryEvent): void {
    switch (event.EventType) {
      case EventType.OrchestratorStarted:
        this.#now = Math.max(this.#now, Date.parse(event.Timestamp));
        return;
      case EventType.ExecutionStarted:
        this.#now = Math.max(this.#now, Date.parse(event.Timestamp));
        this.#advance();
        return;
      case EventType.TaskScheduled:
        this.#confirm(event, "activity", event.Name);
        return;
      case EventType.TimerCreated:
        this.#confirm(event, "timer", undefined);
        return;
      case EventType.SubOrchestrationInstanceCreated:
        this.#confirm(event, "subOrchestration", event.Name);
        return;
      case EventType.TaskCompleted:
      case EventType.SubOrchestrationInstanceCompleted:
        this.#complete(event.TaskScheduledId, false);
        return;
      case EventType.TaskFailed:
      case EventType.SubOrchestrationInstanceFailed:
        this.#complete(event.TaskScheduledId, true);
        return;
      case EventType.TimerFired:
        this.#complete(event.TimerId, false);
        return;
      case EventType.EventRaised:
        this.#raise(event.Name ?? "");
        return;
      default:
        return;
    }
  }

  /** Takes top-level actions one by one, each only after the previous one completed. */
  #advance(): void {
    while (this.#top < this.actions.length) {
      const action = this.actions[this.#top++];
      if (!action) return;
      const node = this.#build(action);
      if (!node.done) {
        node.onDone(() => this.#advance());
        return;
      }
    }
  }

  #build(action: OrchestratorAction): TaskNode {
    switch (action.actionType) {
      case ActionType.CallActivity:
        return this.#leaf({ kind: "activity", name: action.functionName ?? "", input: jsonText(action.input) });
      case ActionType.CallActivityWithRetry:
        return this.#retry(action.retryOptions, () =>
          this.#leaf({ kind: "activity", name: action.functionName ?? "", input: jsonText(action.input) }),
        );
      case ActionType.CallSubOrchestrator:
        return this.#subOrchestration(action);
      case ActionType.CallSubOrchestratorWithRetry:
        return this.#retry(action.retryOptions, () => this.#subOrchestration(action));
      case ActionType.CreateTimer:
        return this.#timer(Date.parse(action.fireAt ?? ""));
      case ActionType.WaitForExternalEvent:
        return this.#waitForEvent(action.externalEventName ?? "");
      case ActionType.WhenAll:
        return this.#whenAll((action.compoundActions ?? []).map((a) => this.#build(a)));
      case ActionType.WhenAny:
        return this.#whenAny((action.compoundActions ?? []).map((a) => this.#build(a)));
      case ActionType.ContinueAsNew: {
        const node = new TaskNode();
        node.finish(false);
        return node;
      }
      case ActionType.CallEntity:
      case ActionType.SignalEntity:
      case ActionType.ScheduledSignalEntity:
        throw new UnsupportedError("Durable entities are not supported by the local host (baton-host): run this app under Azure Functions Core Tools or on Azure to use entities.");
      case ActionType.CallHttp:
        throw new UnsupportedError("callHttp (durable HTTP) is not supported by the local runtime: call an activity that does the request.");
      default:
        throw new UnsupportedError(`Unknown orchestrator action type ${action.actionType}.`);
    }
  }

  #subOrchestration(action: OrchestratorAction): TaskNode {
    const id = this.#nextId;
    const instanceId = action.instanceId && action.instanceId.length > 0 ? action.instanceId : `${this.options.instanceId}:${id.toString(16).padStart(4, "0")}`;
    return this.#leaf({ kind: "subOrchestration", name: action.functionName ?? "", instanceId, input: jsonText(action.input) });
  }

  #leaf(spec: TaskSpec): TaskNode {
    const id = this.#nextId++;
    const node = new TaskNode();
    const task: ScheduledTask = { ...spec, id };
    this.#leaves.set(id, { task, node, confirmed: false });
    const early = this.#early.get(id);
    if (early !== undefined) {
      this.#early.delete(id);
      node.finish(early);
    }
    return node;
  }

  /**
   * DTFx RetryInterceptor: after every failed attempt a timer (one id), then the next attempt
   * (one id). After the last attempt the timer still comes, and only then the failure. Where
   * DTFx would skip that timer (retry timeout reached) we schedule it due now, because the
   * library always waits for it.
   */
  #retry(options: RetryOptions | undefined, attempt: () => TaskNode): TaskNode {
    const retry = options ?? { firstRetryIntervalInMilliseconds: 1000, maxNumberOfAttempts: 1 };
    const node = new TaskNode();
    const firstAttemptAt = this.#now;
    let retryCount = 0;
    const run = (): void => {
      const current = attempt();
      current.onDone(() => {
        if (!current.failed) return node.finish(false);
        const delay = retryDelay(retry, retryCount, firstAttemptAt, this.#now);
        const timer = this.#leaf({ kind: "timer", fireAt: new Date(this.#now + delay).toISOString() });
        timer.onDone(() => {
          retryCount++;
          if (retryCount < retry.maxNumberOfAttempts) run();
          else node.finish(true);
        });
      });
    };
    run();
    return node;
  }

  /** Timers longer than the storage provider allows are split into intervals, one id each. */
  #timer(fireAt: number): TaskNode {
    const node = new TaskNode();
    const next = (): void => {
      const remaining = fireAt - this.#now;
      const at = remaining > this.options.maximumShortTimerMs ? this.#now + this.options.longTimerIntervalMs : fireAt;
      const piece = this.#leaf({ kind: "timer", fireAt: new Date(at).toISOString() });
      piece.onDone(() => {
        if (fireAt > this.#now) next();
        else node.finish(false);
      });
    };
    next();
    return node;
  }

  #waitForEvent(name: string): TaskNode {
    const node = new TaskNode();
    const buffered = this.#buffered.get(name) ?? 0;
    if (buffered > 0) {
      this.#buffered.set(name, buffered - 1);
      node.finish(false);
      return node;
    }
    const waiters = this.#waiters.get(name) ?? [];
    waiters.push(node);
    this.#waiters.set(name, waiters);
    return node;
  }

  #raise(name: string): void {
    const waiters = this.#waiters.get(name);
    const waiter = waiters?.pop();
    if (waiter) {
      waiter.finish(false);
      return;
    }
    this.#buffered.set(name, (this.#buffered.get(name) ?? 0) + 1);
  }

  #whenAll(children: TaskNode[]): TaskNode {
    const node = new TaskNode();
    const check = (): void => {
      if (children.some((c) => c.done && c.failed)) node.finish(true);
      else if (children.every((c) => c.done)) node.finish(false);
    };
    if (children.length === 0) node.finish(false);
    for (const c of children) c.onDone(check);
    return node;
  }

  #whenAny(children: TaskNode[]): TaskNode {
    const node = new TaskNode();
    for (const c of children) c.onDone(() => node.finish(false));
    return node;
  }

  #complete(id: number | undefined, failed: boolean): void {
    if (id === undefined) return;
    const leaf = this.#leaves.get(id);
    if (!leaf) {
      // The library defers a completion whose task it has not yet tracked; so do we.
      this.#early.set(id, failed);
      return;
    }
    leaf.node.finish(failed);
  }

  #confirm(event: HistoryEvent, kind: ScheduledTask["kind"], name: string | undefined): void {
    const leaf = this.#leaves.get(event.EventId);
    const what = `${kindLabel(kind)}${name ? ` named '${name}'` : ""} with sequence ID ${event.EventId}`;
    if (!leaf) {
      throw new NondeterminismError(
        `Non-deterministic workflow detected: a previous execution of this orchestration scheduled ${what}, ` +
          `but the current replay execution hasn't scheduled it. Was a change made to the orchestrator code after this instance started running?`,
      );
    }
    const actualName = leaf.task.kind === "timer" ? undefined : leaf.task.name;
    if (leaf.task.kind !== kind || (name !== undefined && actualName !== name)) {
      throw new NondeterminismError(
        `Non-deterministic workflow detected: a previous execution of this orchestration scheduled ${what}, ` +
          `but the current replay execution instead produced ${kindLabel(leaf.task.kind)}${actualName ? ` named '${actualName}'` : ""} with this sequence ID. ` +
          `Was a change made to the orchestrator code after this instance started running?`,
      );
    }
    leaf.confirmed = true;
  }
}

function kindLabel(kind: ScheduledTask["kind"]): string {
  return kind === "activity" ? "an activity task" : kind === "timer" ? "a timer" : "a sub-orchestration";
}

/** JSON text of an action input as DTFx stores it (the library pre-encodes string inputs). */
function jsonText(input: unknown): string {
  return input === undefined ? "null" : JSON.stringify(input);
}

/** DTFx RetryInterceptor.ComputeNextDelay. */
export function retryDelay(options: RetryOptions, retryCount: number, firstAttemptAt: number, now: number): number {
  const timeout = options.retryTimeoutInMilliseconds;
  const expiration = timeout && timeout > 0 ? firstAttemptAt + timeout : Number.POSITIVE_INFINITY;
  if (now >= expiration) return 0;
  const delay = options.firstRetryIntervalInMilliseconds * Math.pow(options.backoffCoefficient ?? 1, retryCount);
  const max = options.maxRetryIntervalInMilliseconds;
  return max && max > 0 && delay >= max ? max : delay;
}

export function replayActions(history: HistoryEvent[], actions: OrchestratorAction[], options: ReplayOptions): ReplayResult {
  return new ShimReplay(actions, options).run(history);
}
