// Public entry of the `tessera` package: configuration, the runtime and the server, for embedding and tests.
export { type Config, loadConfig } from './config/config.js';
export { ConfigError } from './config/config-error.js';
export { createLogger } from './service/logger.js';
export { openRuntime, type Runtime } from './service/open-runtime.js';
export { type RunningServer, startServer } from './service/start-server.js';
