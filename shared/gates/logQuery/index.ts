export { createRunLogQuery, type LogQueryDeps } from "./activity.js";
export { meetsThreshold } from "./compare.js";
