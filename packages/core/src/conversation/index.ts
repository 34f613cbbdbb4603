// Threads of conversation: seeds, the delegation engine, handlers, listeners, Answerer, Router.
export * from "./answerer.js";
export * from "./bind.js";
export * from "./capture.js";
export * from "./clock.js";
export * from "./completion.js";
export { isNormalEnd } from "./conversation.js";
export * from "./delegate.js";
export * from "./engine.js";
export * from "./event-scheduler.js";
export * from "./factories.js";
export * from "./handler.js";
export * from "./handlers.js";
export * from "./listener.js";
export { logError, type UpdateSite } from "./log-error.js";
export * from "./maybe.js";
export * from "./persistence.js";
export * from "./router.js";
export * from "./seeds.js";
