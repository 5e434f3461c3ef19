/** `value <operator> threshold`, the pass rule of a log query gate. */
import type { LogQueryGate } from "../../durable/activityContracts.js";

const SYMBOL: Record<LogQueryGate["operator"], string> = { lt: "<", le: "<=", eq: "==", ge: ">=", gt: ">" };

export function meetsThreshold(value: number, operator: LogQueryGate["operator"], threshold: number): boolean {
  switch (operator) {
    case "lt":
      return value < threshold;
    case "le":
      return value <= threshold;
    case "eq":
      return value === threshold;
    case "ge":
      return value >= threshold;
    case "gt":
      return value > threshold;
  }
}

export const ruleText = (gate: Pick<LogQueryGate, "operator" | "threshold">): string => `${SYMBOL[gate.operator]} ${gate.threshold}`;
