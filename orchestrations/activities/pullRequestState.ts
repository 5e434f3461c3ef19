/** One look at a stage's pull request (the polling fallback when no service hook reports it). */
import type { ActivityInput, ActivityOutput } from "../../shared/durable/activityContracts.js";
import { isGitOpsError } from "../../shared/gitops/errors.js";
import { errored, failed, running, succeeded } from "../../shared/steps/result.js";
import { refusedStep } from "../../shared/steps/refusal.js";
import type { ActivityDeps } from "./deps.js";

export function createPullRequestState(deps: ActivityDeps) {
  return async (input: ActivityInput<"pullRequestState">): Promise<ActivityOutput<"pullRequestState">> => {
    try {
      const access = await deps.repository(input.stage.repository);
      if (!access.pullRequests) return failed(`pull-request mode is not available for ${input.stage.repository.provider} repositories`);
      const state = await access.pullRequests.state(input.number);
      return state.state === "merged" ? succeeded({ mergeCommit: state.mergeCommit }) : running(0, `pull request #${input.number} is open`);
    } catch (error) {
      // Abandoned (closed without merge) is terminal, and so is a refused secret; trouble reaching the service is not.
      if (isGitOpsError(error) && !error.retryable) return failed(error.message);
      return refusedStep(error) ?? errored(isGitOpsError(error) ? error.message : "reading the pull request failed");
    }
  };
}
