import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { freshWitnessDir, TEST_SIGNING_KEY } from './audit.js';

/** A gateway as it runs in production: a real `src/main.ts` process, or its compiled `dist/src/main.js`. */
export interface GatewayProcess {
  url: string;
  process: ChildProcess;
  /** Every JSON line it logged. */
  logLines: string[];
  /** Its exit code once it has exited. */
  exited: Promise<number | null>;
}

/** How a gateway process that did not start ended. */
export interface FailedStart {
  code: number | null;
  /** What it wrote to stderr. */
  stderr: string;
}

/** How the process runs: from the sources through tsx, or compiled by `npm run build`. */
export type GatewayBuild = 'sources' | 'compiled';

// `src/main.ts` (or what `npm run build` made of it) with `env` added to the tests' environment, in
// production mode, on a free port.
function spawnGateway(env: Record<string, string>, build: GatewayBuild = 'sources'): ChildProcess {
  return spawn(process.execPath, build === 'compiled' ? ['dist/src/main.js'] : ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'production',
      AUDIT_SIGNING_KEY_FILE: TEST_SIGNING_KEY.privateKeyFile, AUDIT_WITNESS_DIR: freshWitnessDir(), ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts `src/main.ts` with `env` added to the tests' environment, on a free port; resolves once it listens. */
export async function startGatewayProcess(env: Record<string, string>, build: GatewayBuild = 'sources'): Promise<GatewayProcess> {
  const child = spawnGateway(env, build);
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

/**
 * Starts `src/main.ts` as `startGatewayProcess` does, for a start that must fail: resolves once the
 * process has exited. One that listens instead is killed, and the promise rejects.
 */
export async function failedGatewayStart(env: Record<string, string>): Promise<FailedStart> {
  const child = spawnGateway(env);
  // On `close`, not `exit`: all it wrote has been read by then.
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let listened = false;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if ((JSON.parse(line) as { msg?: string }).msg !== 'gateway listening') return;
    listened = true;
    child.kill('SIGKILL');
  });
  // Only a hang is cut short: a start that fails, however slowly, is waited for.
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await closed;
  clearTimeout(timer);
  if (listened) throw new Error('the gateway started, where it should have refused to');
  return { code, stderr };
}
