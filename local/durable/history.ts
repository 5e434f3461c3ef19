/**
 * Durable Task history events in the wire shape the durable-functions library replays
 * (PascalCase fields, numeric EventType; durable-host.md section 3).
 */
export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
  ContinueAsNew: 16,
  GenericEvent: 17,
  HistoryState: 18,
  ExecutionSuspended: 19,
  ExecutionResumed: 20,
} as const;

export type EventTypeCode = (typeof EventType)[keyof typeof EventType];

export const eventTypeName: Record<number, string> = Object.fromEntries(
  Object.entries(EventType).map(([name, code]) => [code, name]),
);

/** A history event; fields beyond the common four depend on EventType. */
export interface HistoryEvent {
  EventType: EventTypeCode;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  Name?: string;
  Version?: string;
  Input?: string | null;
  Result?: string | null;
  Reason?: string;
  Details?: string;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  InstanceId?: string;
  OrchestrationStatus?: string;
}

/** Events that arrive from outside an episode (queued for an instance), before they get a timestamp. */
export type InboundEvent =
  | { type: "ExecutionStarted"; name: string; input: string | null; parentInstanceId?: string; parentTaskId?: number }
  | { type: "TaskCompleted"; taskId: number; result: string }
  | { type: "TaskFailed"; taskId: number; reason: string; details: string }
  | { type: "SubOrchestrationInstanceCompleted"; taskId: number; result: string }
  | { type: "SubOrchestrationInstanceFailed"; taskId: number; reason: string; details: string }
  | { type: "TimerFired"; timerId: number; fireAt: string }
  | { type: "EventRaised"; name: string; input: string | null }
  | { type: "Terminate"; reason: string }
  | { type: "Suspend"; reason: string }
  | { type: "Resume"; reason: string };

/** Turns a queued event into its history form, stamped with the episode time. */
export function toHistoryEvent(event: InboundEvent, timestamp: string): HistoryEvent | undefined {
  const base = { EventId: -1, IsPlayed: false, Timestamp: timestamp };
  switch (event.type) {
    case "ExecutionStarted":
      return { ...base, EventType: EventType.ExecutionStarted, Name: event.name, Version: "", Input: event.input };
    case "TaskCompleted":
      return { ...base, EventType: EventType.TaskCompleted, TaskScheduledId: event.taskId, Result: event.result };
    case "TaskFailed":
      return { ...base, EventType: EventType.TaskFailed, TaskScheduledId: event.taskId, Reason: event.reason, Details: event.details };
    case "SubOrchestrationInstanceCompleted":
      return { ...base, EventType: EventType.SubOrchestrationInstanceCompleted, TaskScheduledId: event.taskId, Result: event.result };
    case "SubOrchestrationInstanceFailed":
      return {
        ...base,
        EventType: EventType.SubOrchestrationInstanceFailed,
        TaskScheduledId: event.taskId,
        Reason: event.reason,
        Details: event.details,
      };
    case "TimerFired":
      return { ...base, EventType: EventType.TimerFired, TimerId: event.timerId, FireAt: event.fireAt };
    case "EventRaised":
      return { ...base, EventType: EventType.EventRaised, Name: event.name, Input: event.input };
    case "Terminate":
    case "Suspend":
    case "Resume":
      return undefined;
  }
}
