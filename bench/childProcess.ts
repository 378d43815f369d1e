import { execFile, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LogTally } from './logTally.js';
import { profileLines, summariseProfile } from './profile.js';
import type { ParentCommand, ReadyMessage } from './protocol.js';

const READY_TIMEOUT_MS = 60_000;
const REPORT_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;
const PROFILE_PARTS_SHOWN = 15;

/** A child process of the benchmark (a gateway, a peer or a reference server), ready to be loaded. */
export interface BenchChild<Report> {
  readonly label: string;
  readonly url: string;
  /** Its process: Node.js's, or that of the program Node.js runs under. */
  readonly pid: number;
  readonly logs: LogTally;
  report(): Promise<Report>;
  /** Asks the child to stop, and kills it when it has not exited in time. */
  stop(): Promise<void>;
}

export interface ChildOptions {
  /** How the output names the child, e.g. "gateway (naive)". */
  label: string;
  env: NodeJS.ProcessEnv;
  /** Runtime flags of this child, after those every child gets. */
  execArgv?: string[];
  /** Sent to the child before it announces its URL. */
  init?: object;
  print: (line: string) => void;
  /** Where the child writes its CPU profile, summed up by part when it stops; none when not given. */
  profileDir?: string;
  /** A program the child's Node.js runs under, with that program's own arguments (valgrind, say). */
  runUnder?: string[];
}

const running = new Set<{ stop(): Promise<void> }>();

// The children run compiled, as production runs the gateway (`npm run build`), not through tsx, whose
// loader would cost each process tens of megabytes and a transpile at start. Compiled once a run.
const BUILD_DIR = new URL('../dist/bench-build/bench/', import.meta.url);
let built: Promise<void> | null = null;

function buildChildren(print: (line: string) => void): Promise<void> {
  return (built ??= (async () => {
    print('compiling the gateway and the bench\'s children (tsconfig.bench.json) …');
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', fileURLToPath(new URL('../tsconfig.bench.json', import.meta.url))]);
  })());
}

/** A child's script (relative to bench/) as compiled: `./gatewayProcess.ts` runs as `dist/bench-build/bench/gatewayProcess.js`. */
export function compiledScript(script: string): URL {
  return new URL(script.replace(/\.ts$/, '.js'), BUILD_DIR);
}

/** Forks `script` (relative to bench/), compiled, and waits until it announces its URL. */
export async function startChild<Report>(script: string, args: string[], options: ChildOptions): Promise<BenchChild<Report>> {
  const { label, print } = options;
  await buildChildren(print);
  const nodeArgs = [...(options.execArgv ?? []), ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [])];
  const [program, ...programArgs] = options.runUnder ?? [];
  const child = fork(fileURLToPath(compiledScript(script)), args, {
    ...(program === undefined ? { execArgv: nodeArgs } : { execPath: program, execArgv: [...programArgs, process.execPath, ...nodeArgs] }),
    env: options.env,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const logs = new LogTally(child.stdout!, label, print);
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) print(`!!! ${label} exited unexpectedly (${signal ?? `code ${code}`})`);
  });
  child.on('error', (error) => print(`!!! ${label}: ${error.message}`));

  // The child's next message; rejected when the child exits first or does not answer in time.
  const nextMessage = (what: string, timeoutMs: number) =>
    new Promise<unknown>((resolve, reject) => {
      if (hasExited()) return reject(new Error(`${label} has exited; it cannot ${what}`));
      const settle = (outcome: () => void) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        outcome();
      };
      const onMessage = (message: unknown) => settle(() => resolve(message));
      const onExit = (code: number | null, signal: string | null) =>
        settle(() => reject(new Error(`${label} exited (${signal ?? `code ${code}`}) before it could ${what}`)));
      const timer = setTimeout(() => settle(() => reject(new Error(`${label} did not ${what} within ${timeoutMs / 1000} s`))), timeoutMs);
      child.on('message', onMessage);
      child.once('exit', onExit);
    });

  const send = (message: ParentCommand | object) => {
    // A closed channel means the child is going or gone; stop() deals with it.
    if (child.connected) child.send(message, (error) => error && print(`!!! ${label}: ${error.message}`));
  };

  const handle = {
    async stop() {
      running.delete(handle);
      if (hasExited()) return;
      stopping = true;
      send('stop');
      const stopped = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS, false, { ref: false })]);
      if (!stopped) {
        print(`!!! ${label} did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`);
        child.kill('SIGKILL');
        await exited;
      }
      const profile = options.profileDir ? await summariseProfile(options.profileDir) : null;
      if (profile) {
        print(`  CPU of ${label} by part, ${Math.round(profile.busyMs).toLocaleString('en')} ms busy in all (${options.profileDir}):`);
        for (const line of profileLines(profile, PROFILE_PARTS_SHOWN)) print(`    ${line}`);
      }
    },
  };
  running.add(handle);

  let url: string;
  try {
    const ready = nextMessage('announce its URL', READY_TIMEOUT_MS);
    if (options.init) send(options.init);
    url = ((await ready) as ReadyMessage).url;
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return {
    label,
    url,
    pid: child.pid!,
    logs,
    async report() {
      const answer = nextMessage('report', REPORT_TIMEOUT_MS);
      send('report');
      return (await answer) as Report;
    },
    stop: handle.stop,
  };
}

/** Stops every child still running: on the way out, after a failure or on Ctrl-C. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop()));
}
