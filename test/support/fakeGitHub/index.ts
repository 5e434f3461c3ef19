export { startFakeGitHub, type FakeGitHub, type FakeGitHubOptions } from "./server.js";
export type { FakePull } from "./routes.js";
export type { FakeActionsControl, FakeWorkflowRun } from "./actions.js";
