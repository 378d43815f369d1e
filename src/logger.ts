import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.js';

/** The gateway's JSON logger. Personal data is never logged; the redaction is a second line of defence. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
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
