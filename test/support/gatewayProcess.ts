import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { freshWitnessDir, TEST_SIGNING_KEY } from './audit.js';

/** A gateway as it runs in production: a real `src/main.ts` process. */
export interface GatewayProcess {
  url: string;
  process: ChildProcess;
  /** Every JSON line it logged. */
  logLines: string[];
  /** Its exit code once it has exited. */
  exited: Promise<number | null>;
}

/** Starts `src/main.ts` with `env` added to the tests' environment, on a free port; resolves once it listens. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'production',
      AUDIT_SIGNING_KEY_FILE: TEST_SIGNING_KEY.privateKeyFile, AUDIT_WITNESS_DIR: freshWitnessDir(), ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logLines: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the gateway did not start')), 30_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logLines.push(line);
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'gateway listening' && entry.url) {
        clearTimeout(timer);
        resolve(entry.url.replace('localhost', '127.0.0.1'));
      }
    });
    void exited.then((code) => reject(new Error(`the gateway exited with ${code}`)));
  });
  return { url, process: child, logLines, exited };
}
