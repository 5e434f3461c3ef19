export { createDispatchWorkflow, RUN_NOT_LISTED_RETRY_MS } from "./dispatch.js";
export { createWorkflowRunStatus } from "./runStatus.js";
export { renderInputs, type DispatchContext } from "./inputs.js";
export type { WorkflowGateDeps } from "./deps.js";
