export { createEvaluateChangeWindow, type ChangeWindowDeps } from "./activity.js";
export { evaluateChangeWindow, DEFAULT_HORIZON_MS, type ChangeWindowAnswer } from "./evaluate.js";
export { holidayProblem, timeZoneProblem, windowStartProblem } from "./problems.js";
