/** Structured JSON logs. Authorization headers and API key secrets are never logged. */
import pino from 'pino';
import type { LogLevel } from './config';

export type Logger = pino.Logger;

export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'kpi-engine' },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'secret', 'token', 'adminSecret'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
