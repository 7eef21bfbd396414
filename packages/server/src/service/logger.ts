// The process logger (pino). Secrets never reach it: the HTTP layer logs paths and status codes, never bodies or headers.
import { type Logger, pino } from 'pino';
import type { LogLevel } from '../config/config.js';

export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'tessera' },
    // Belt and braces, should a header object ever be logged by mistake.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.client_secret', '*.password'],
      censor: '[redacted]',
    },
  });
}
