/** Structured JSON logs. Authorization headers and API key secrets are never logged. */
import pino from 'pino';
import type { LogLevel } from './config';

export type Logger = pino.Logger;

/** `destination` defaults to stdout; tests pass a stream to read what was logged. */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    // pid tells the processes of a cluster apart.
    base: { service: 'kpi-engine', pid: process.pid },
    redact: { paths: ['req.headers.authorization', 'headers.authorization', 'authorization', 'secret', 'token', 'adminSecret'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
