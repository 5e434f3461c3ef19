// GitHub Actions state of one fake repository: workflow runs that dispatches start and tests finish.
export interface FakeWorkflowRun {
  id: number;
  /** The workflow file name the run belongs to (`smoke.yml`). */
  workflow: string;
  branch: string;
  headSha: string;
  event: "workflow_dispatch";
  status: "queued" | "in_progress" | "completed";
  conclusion: "success" | "failure" | "cancelled" | "skipped" | "timed_out" | "action_required" | "neutral" | "stale" | "startup_failure" | null;
  inputs: Record<string, unknown>;
  createdAt: string;
}

export interface FakeActions {
  runs: FakeWorkflowRun[];
  /** Runs dispatched but not yet listed: GitHub creates a run a moment after answering the dispatch. */
  hidden: FakeWorkflowRun[];
  /** false: answer dispatches 204 without run details, as GitHub Enterprise Server does. */
  returnRunDetails: boolean;
  /** true: new runs stay hidden until `reveal()`. */
  holdNewRuns: boolean;
  now: () => Date;
  nextId: () => number;
}

export function newActions(now: () => Date, nextId: () => number): FakeActions {
  return { runs: [], hidden: [], returnRunDetails: true, holdNewRuns: false, now, nextId };
}

/** What tests use to steer a repository's runs. */
export interface FakeActionsControl {
  runs(): readonly FakeWorkflowRun[];
  /** Moves a run on (to in_progress, or completed with a conclusion), as its jobs would. */
  setRun(id: number, change: Pick<FakeWorkflowRun, "status" | "conclusion">): FakeWorkflowRun;
  /** The next dispatches answer without run details and create runs only on `reveal()`. */
  delayRuns(): void;
  reveal(): void;
}

export function actionsControl(actions: FakeActions): FakeActionsControl {
  return {
    runs: () => actions.runs,
    setRun(id, change) {
      const run = actions.runs.find((r) => r.id === id);
      if (!run) throw new Error(`fake has no workflow run ${id}`);
      return Object.assign(run, change);
    },
    delayRuns() {
      actions.returnRunDetails = false;
      actions.holdNewRuns = true;
    },
    reveal() {
      actions.runs.push(...actions.hidden.splice(0));
      actions.holdNewRuns = false;
    },
  };
}
