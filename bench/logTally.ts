import readline from 'node:readline';
import type { Readable } from 'node:stream';

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const ERROR_LEVEL = 50;

/**
 * Counts a child's pino log lines by level and message, so that a flood of identical lines becomes
 * one figure. The first error of each message is printed at once, as is any
 * output that is not a log line.
 */
export class LogTally {
  readonly #counts = new Map<string, number>();

  constructor(source: Readable, label: string, print: (line: string) => void) {
    readline.createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => {
      const entry = logEntryOf(line);
      if (entry === null) return print(`\n!!! ${label}: ${line}`);
      const kind = `${LEVEL_NAMES[entry.level] ?? entry.level} "${entry.msg}"`;
      const count = (this.#counts.get(kind) ?? 0) + 1;
      this.#counts.set(kind, count);
      if (count === 1 && entry.level >= ERROR_LEVEL) print(`\n!!! ${label} logged an error (repeats are counted, not shown): ${line}`);
    });
  }

  /** How many lines of each kind (`<level> "<message>"`) so far. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.#counts);
  }
}

function logEntryOf(line: string): { level: number; msg: string } | null {
  try {
    const entry: unknown = JSON.parse(line);
    if (typeof entry !== 'object' || entry === null) return null;
    const { level, msg } = entry as { level?: unknown; msg?: unknown };
    return typeof level === 'number' ? { level, msg: typeof msg === 'string' ? msg : '' } : null;
  } catch {
    return null;
  }
}
