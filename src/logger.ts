import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

/**
 * Where the log goes unless told otherwise: standard output (or `dest`), written asynchronously. A
 * line never waits for the disk or the pipe: lines logged while a write is under way go out together
 * with the next, and what is left is flushed when the process exits.
 */
export function logDestination(dest: number | string = 1): DestinationStream {
  return pino.destination({ dest, sync: false });
}

/** The gateway's JSON logger. Personal data is never logged; the redaction is a second line of defence. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination: DestinationStream = logDestination()): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'national-data-gateway' },
      redact: {
        paths: [
          'variables', '*.variables', 'personalNumber', '*.personalNumber', 'personalNumbers', '*.personalNumbers',
          'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
