/**
 * The `runLogQuery` activity: one evaluation of a log query gate. The query covers the last
 * `windowMs` (its timespan); its single number is compared with the threshold. A failing
 * comparison is still `succeeded` (the evaluation ran, `passed` is false): the orchestrator
 * counts evaluations. Query errors are `errored` or `failed` per failures.ts.
 */
import { LogsQueryClient, LogsQueryResultStatus, type LogsQueryClientOptions } from "@azure/monitor-query-logs";
import type { TokenCredential } from "@azure/identity";
import type { ActivityInput, ActivityOutput } from "../../durable/activityContracts.js";
import { errored, failed, succeeded } from "../../steps/result.js";
import { meetsThreshold, ruleText } from "./compare.js";
import { queryFailure } from "./failures.js";
import { singleNumber } from "./singleNumber.js";

export interface LogQueryDeps {
  credential: TokenCredential;
  clientOptions?: LogsQueryClientOptions;
  now: () => Date;
}

export function createRunLogQuery(deps: LogQueryDeps) {
  // No SDK retries by default: an evaluation that cannot run is `errored`, and the orchestrator's
  // durable timer retries it without holding a worker through the backoff.
  const client = new LogsQueryClient(deps.credential, { retryOptions: { maxRetries: 0 }, ...deps.clientOptions });
  return async ({ gate }: ActivityInput<"runLogQuery">): Promise<ActivityOutput<"runLogQuery">> => {
    const where = `log query gate ${gate.name} (workspace ${gate.workspaceId})`;
    const endTime = deps.now();
    const startTime = new Date(endTime.getTime() - gate.windowMs);
    let result;
    try {
      result = await client.queryWorkspace(gate.workspaceId, gate.query, { startTime, endTime });
    } catch (error) {
      return queryFailure(error, where);
    }
    if (result.status === LogsQueryResultStatus.PartialFailure) {
      return errored(`${where}: the query returned partial results (${result.partialError.code}: ${result.partialError.message}); will retry`);
    }
    const number = singleNumber(result.tables);
    if (!number.ok) return failed(`${where}: ${number.problem}`);
    const passed = meetsThreshold(number.value, gate.operator, gate.threshold);
    const detail = `${number.column} = ${number.value} from ${startTime.toISOString()} to ${endTime.toISOString()}; ${passed ? "meets" : "does not meet"} ${ruleText(gate)}`;
    return succeeded({ value: number.value, passed, detail });
  };
}
