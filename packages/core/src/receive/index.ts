// Receiving updates: the pure parts shared by the async and blocking drivers.

export { InboxLink, type InboxStatesHost, type LinkedUpdate, linkedStates } from "./inbox-link.js";
export { type OrderingKey, orderingKey } from "./key.js";
export { type ItemSettled, KeyedScheduler, type RunItem } from "./keyed-scheduler.js";
export { LateUpdate } from "./late-update.js";
export { FATAL_LOOP_EXIT_CODE, LoopOutcome, reportFatalLoopEnd } from "./loop-end.js";
export { OffsetTracker } from "./offsets.js";
export { isUpdate, MalformedUpdate, parseUpdate } from "./parse.js";
export {
  closingRequest,
  type PollBatch,
  type PollConfig,
  PollCycle,
  type PollSettings,
  pollSettings,
} from "./poll-cycle.js";
export {
  judgePollFailure,
  POLL_BACKOFF,
  PollingStopped,
  type PollingStopReason,
  type PollVerdict,
} from "./poll-failure.js";
export { shouldPoll } from "./poll-plan.js";
export { type HasUpdateId, maxHoldMs, ReorderBuffer, type ReorderOptions } from "./reorder.js";
export { type StopTimeoutConfig, stopTimeoutMs } from "./stop-timeout.js";
