import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

// Lines are gathered up to this many bytes before a write (pino's asynchronous logging): a request
// line each is a write each otherwise, a system call that costs more than making the line.
const BATCH_BYTES = 4096;
// How long a line may wait for others: a quiet gateway's lines still go out promptly.
const BATCH_MS = 250;

/**
 * Where the log goes unless told otherwise: standard output (or `dest`), written asynchronously. A
 * line never waits for the disk or the pipe: lines go out together, at the latest `BATCH_MS` after
 * they were logged, and what is left is flushed when the process exits.
 */
export function logDestination(dest: number | string = 1): DestinationStream {
  return pino.destination({ dest, sync: false, minLength: BATCH_BYTES, periodicFlush: BATCH_MS });
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
