export { createQueueAzurePipelinesRun, describeAzurePipelines } from "./queueRun.js";
export { createAzurePipelinesRunStatus } from "./runStatus.js";
export type { AzurePipelinesGateDeps } from "./deps.js";
