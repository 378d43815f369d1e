import type { FastifyBaseLogger } from 'fastify';
import pino, { type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger } from 'pino';
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

type LogMethod = (...args: unknown[]) => void;

/**
 * fastify's logger of one request: pino's child bearing the request id, made when a line is first
 * logged through it. Making a child runs its bindings through the redaction, which costs more than
 * the rest of a request's logging, and most requests log no line of their own.
 */
export class RequestLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get #log(): FastifyBaseLogger {
    return (this.#child ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.#log.level;
  }

  set level(level: string) {
    this.#log.level = level;
  }

  fatal(...args: unknown[]): void {
    (this.#log.fatal as LogMethod)(...args);
  }

  error(...args: unknown[]): void {
    (this.#log.error as LogMethod)(...args);
  }

  warn(...args: unknown[]): void {
    (this.#log.warn as LogMethod)(...args);
  }

  info(...args: unknown[]): void {
    (this.#log.info as LogMethod)(...args);
  }

  debug(...args: unknown[]): void {
    (this.#log.debug as LogMethod)(...args);
  }

  trace(...args: unknown[]): void {
    (this.#log.trace as LogMethod)(...args);
  }

  silent(...args: unknown[]): void {
    (this.#log.silent as LogMethod)(...args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#log.child(bindings, options);
  }
}
