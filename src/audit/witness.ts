import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkpointOf, type Checkpoint } from './checkpoints.js';

const FILE = /^checkpoints-\d{4}-\d{2}-\d{2}\.jsonl$/;

/**
 * A witness of the checkpoints outside the audit database: a directory of files the gateway only ever
 * appends to, one JSON line per checkpoint and a file per day. Mounted from elsewhere (another disk,
 * a log shipper's spool), it keeps what the database's owner cannot reach.
 */
export class WitnessDirectory {
  constructor(readonly dir: string) {}

  /** Appends `checkpoints` to today's file, and returns once they are on its disk. */
  async append(checkpoints: readonly Checkpoint[]): Promise<void> {
    if (checkpoints.length === 0) return;
    await mkdir(this.dir, { recursive: true });
    const day = checkpoints[0]!.at.slice(0, 10);
    const file = await open(path.join(this.dir, `checkpoints-${day}.jsonl`), 'a');
    try {
      await file.appendFile(checkpoints.map((checkpoint) => `${JSON.stringify(checkpoint)}\n`).join(''));
      await file.datasync();
    } finally {
      await file.close();
    }
  }

  /**
   * Every checkpoint the directory holds, none when it does not exist; and where a line is not a
   * checkpoint (a file edited, or damaged), as `<file>:<line>`.
   */
  async read(): Promise<{ checkpoints: Checkpoint[]; unreadable: string[] }> {
    let files: string[];
    try {
      files = (await readdir(this.dir)).filter((file) => FILE.test(file)).sort();
    } catch {
      return { checkpoints: [], unreadable: [] };
    }
    const checkpoints: Checkpoint[] = [];
    const unreadable: string[] = [];
    for (const file of files) {
      const lines = (await readFile(path.join(this.dir, file), 'utf8')).split('\n');
      // What follows the last line break is an append a crash cut short: its checkpoints are in the database.
      lines.pop();
      lines.forEach((line, index) => {
        if (line.trim() === '') return;
        const checkpoint = checkpointOf(parsed(line));
        if (checkpoint) checkpoints.push(checkpoint);
        else unreadable.push(`${path.join(this.dir, file)}:${index + 1}`);
      });
    }
    return { checkpoints, unreadable };
  }
}

// A line's JSON value; undefined where it is not JSON.
function parsed(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
