import { spawn, execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { until } from './until.js';

const run = promisify(execFile);

/** The machine's shared Redis; tests keep to key prefixes of their own on it. */
export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

/** A free TCP port on the loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server of the test's own on a loopback port, which the test may kill and start again. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** Kills the server at once, as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Stops the process (SIGSTOP): connections stay open and nothing is answered until `thaw`. */
  freeze(): Promise<void>;
  thaw(): void;
  /** Runs a redis-cli command against it and returns what it printed. */
  cli(...args: string[]): Promise<string>;
  /** The same, blocking this process until it has the answer. */
  cliSync(...args: string[]): string;
}

/** Starts a private redis-server; `extraArgs` go to the server as they are. */
export async function startPrivateRedis(extraArgs: string[] = []): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), `redis-${port}-`));
  let child: ChildProcess | null = null;
  const cliArgs = (args: string[]) => ['-h', '127.0.0.1', '-p', String(port), ...args];
  const cli = async (...args: string[]) => (await run('redis-cli', cliArgs(args))).stdout.trim();
  const redis: PrivateRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extraArgs], {
        stdio: 'ignore',
      });
      await until(`redis-server on port ${port} to answer`, async () => (await cli('ping').catch(() => '')) === 'PONG');
    },
    async kill() {
      const running = child;
      child = null;
      if (running === null || running.exitCode !== null) return;
      await new Promise((resolve) => {
        running.once('exit', resolve);
        running.kill('SIGKILL');
      });
    },
    async freeze() {
      const pid = child!.pid!;
      child!.kill('SIGSTOP');
      // The third field of /proc/<pid>/stat is the state; T: stopped.
      await until(`redis-server on port ${port} to stop`, () => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('T'));
    },
    thaw() {
      child?.kill('SIGCONT');
    },
    cli,
    cliSync: (...args) => execFileSync('redis-cli', cliArgs(args), { encoding: 'utf8' }).trim(),
  };
  await redis.start();
  stopOnExit(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return redis;
}

/** A Redis Cluster of the test's own: masters only, on loopback ports. */
export interface PrivateRedisCluster {
  readonly nodes: PrivateRedis[];
  /** The nodes as REDIS_CLUSTER_NODES takes them. */
  readonly nodeList: string;
  stop(): Promise<void>;
}

/** Starts `masters` cluster-enabled servers and joins them into one cluster covering every slot. */
export async function startPrivateRedisCluster(masters = 3): Promise<PrivateRedisCluster> {
  const nodes: PrivateRedis[] = [];
  for (let index = 0; index < masters; index += 1) {
    nodes.push(await startPrivateRedis(['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${index}.conf`, '--cluster-node-timeout', '2000']));
  }
  const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
  await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']);
  await until('the private Redis Cluster to cover every slot', async () =>
    (await Promise.all(nodes.map((node) => node.cli('cluster', 'info')))).every((info) => info.includes('cluster_state:ok')),
  );
  return { nodes, nodeList: addresses.join(','), stop: async () => void (await Promise.all(nodes.map((node) => node.kill()))) };
}

// A failed suite must not leave servers behind.
const cleanups: Array<() => void> = [];
function stopOnExit(cleanup: () => void): void {
  if (cleanups.length === 0) process.once('exit', () => cleanups.forEach((run) => run()));
  cleanups.push(cleanup);
}
