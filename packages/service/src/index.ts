// @telepot/service: what a telepot bot needs to run as a service (config from the environment,
// token-free JSON logs, polling or webhook mode, health endpoint, graceful shutdown).

export {
  type BlockingAppParts,
  type BlockingBot,
  type BlockingLoop,
  serveBlocking,
} from "./blocking.js";
export {
  ConfigError,
  type Env,
  envInteger,
  envSeconds,
  type ReceiveMode,
  readServiceConfig,
  requireEnv,
  type ServiceConfig,
} from "./config.js";
export { logDelegateErrors } from "./delegates.js";
export { HEALTH_PATH, type HealthReport } from "./http.js";
export {
  createLogger,
  isLogLevel,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  REDACTED,
} from "./logger.js";
export {
  type AppContext,
  type AppParts,
  type RunningService,
  type RunOptions,
  runService,
  serve,
} from "./service.js";
