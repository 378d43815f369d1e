import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Checkpoint } from './checkpoints.js';

const FILE = /^checkpoints-\d{4}-\d{2}-\d{2}\.jsonl$/;

/**
 * A witness of the checkpoints outside the audit database: a directory of files the gateway only ever
 * appends to, one JSON line per checkpoint and a file per day. Mounted from elsewhere (another disk,
 * a log shipper's spool), it keeps what the database's owner cannot reach.
 */
export class WitnessDirectory {
  constructor(readonly dir: string) {}

  /** Appends `checkpoints` to today's file. */
  async append(checkpoints: readonly Checkpoint[]): Promise<void> {
    if (checkpoints.length === 0) return;
    await mkdir(this.dir, { recursive: true });
    const day = checkpoints[0]!.at.slice(0, 10);
    await appendFile(path.join(this.dir, `checkpoints-${day}.jsonl`), checkpoints.map((checkpoint) => `${JSON.stringify(checkpoint)}\n`).join(''), { flag: 'a' });
  }

  /** Every checkpoint the directory holds; none when it does not exist. */
  async checkpoints(): Promise<Checkpoint[]> {
    let files: string[];
    try {
      files = (await readdir(this.dir)).filter((file) => FILE.test(file)).sort();
    } catch {
      return [];
    }
    const checkpoints: Checkpoint[] = [];
    for (const file of files) {
      for (const line of (await readFile(path.join(this.dir, file), 'utf8')).split('\n')) {
        if (line.trim() !== '') checkpoints.push(JSON.parse(line) as Checkpoint);
      }
    }
    return checkpoints;
  }
}
