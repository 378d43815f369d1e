import { mkdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The machine a run measured on. */
export function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    memoryMb: Math.round(os.totalmem() / 2 ** 20),
  };
}

/** Writes `results` as JSON to `<dir>/<ISO timestamp, colons replaced>.json`; returns the path. */
export async function writeResults(dir: string, startedAt: Date, results: object): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${startedAt.toISOString().replaceAll(':', '-')}.json`);
  // Written aside first, so an interrupted run never leaves half a result file.
  await writeFile(`${file}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  return file;
}
