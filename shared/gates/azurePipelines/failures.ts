/**
 * Azure DevOps failures in the one result contract: what retrying can fix (throttling, 5xx,
 * network) is `errored`; what needs a person (credentials, permissions, a missing pipeline, a
 * parameter the pipeline refuses) is `failed`.
 */
import { OutboundRefusedError } from "../../net/outboundGuard.js";
import { errored, failed, type StepResult } from "../../steps/result.js";
import { AzureDevOpsError } from "./client.js";

export function azureDevOpsFailure<T>(error: unknown, where: string): StepResult<T> {
  // The operator's outbound policy said no: retrying cannot change that.
  if (error instanceof OutboundRefusedError) return failed(`${where}: ${error.message}`);
  if (!(error instanceof AzureDevOpsError)) return errored(`${where}: could not reach Azure DevOps (${error instanceof Error ? error.message : String(error)})`);
  const { status, message } = error;
  if (status === 429 || status >= 500) return errored(`${where}: Azure DevOps answered ${status}; will retry`);
  if (status === 203 || status === 401) return failed(`${where}: Azure DevOps refused the credentials (${status}); check the gate's PAT or Baton's access to the organization`);
  if (status === 403) return failed(`${where}: forbidden (403: ${message}); the PAT or identity needs Build: Read & execute on the pipeline`);
  if (status === 404) return failed(`${where}: not found (404: ${message}); check the organization, project and pipelineId`);
  if (status >= 300 && status < 400) return failed(`${where}: Azure DevOps redirected (${status}); check apiUrl`);
  return failed(`${where}: Azure DevOps refused the run (${status}: ${message})`);
}
