export { createQueueAzurePipelinesRun, describeAzurePipelines } from "./queueRun.js";
export { createAzurePipelinesRunStatus } from "./runStatus.js";
export { AZURE_DEVOPS_SCOPE } from "./client.js";
export type { AzurePipelinesGateDeps } from "./deps.js";
