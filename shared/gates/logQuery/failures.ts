/**
 * Log Analytics failures in the one result contract: throttling, 5xx and network trouble are
 * `errored` (retry later); a 4xx (a query that does not compile, no access to the workspace) is
 * `failed` with the service's own message, which names the problem in the KQL.
 */
import { errored, failed, type StepResult } from "../../steps/result.js";

interface ServiceError {
  statusCode?: number;
  message: string;
  details?: { error?: { code?: string; message?: string; innererror?: { message?: string } } };
}

function serviceError(error: unknown): ServiceError | undefined {
  return error instanceof Error ? error : undefined;
}

export function queryFailure<T>(error: unknown, where: string): StepResult<T> {
  const e = serviceError(error);
  const status = e?.statusCode;
  const info = e?.details?.error;
  const said = [info?.code, info?.message ?? e?.message, info?.innererror?.message].filter((s): s is string => Boolean(s)).join(": ");
  if (status === undefined) return errored(`${where}: could not reach Log Analytics (${e?.message ?? String(error)})`);
  if (status === 429 || status === 408 || status >= 500) return errored(`${where}: Log Analytics answered ${status} (${said}); will retry`);
  if (status === 401 || status === 403) return failed(`${where}: no access to the workspace (${status}: ${said}); grant Baton's identity Log Analytics Reader on it`);
  return failed(`${where}: Log Analytics refused the query (${status}: ${said})`);
}
