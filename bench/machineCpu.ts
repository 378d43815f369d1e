import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

// Linux counts CPU time in /proc in clock ticks of USER_HZ, 100 a second on every architecture Node.js runs on.
const MICROS_PER_TICK = 10_000;

/** The processes a run involves, besides the kernel and the rest: the server loaded, the machine's services, and the bench itself. */
export type MachinePart = 'server' | 'postgres' | 'mariadb' | 'redis' | 'load';

/**
 * CPU time spent on the whole machine, and by each process of a part, at one moment, in clock ticks. Kept
 * process by process: PostgreSQL's backends come and go with the pools' connections, and one that ends
 * during a run must not take the ticks it spent before it off the run's.
 */
export interface MachineSample {
  at: number;
  busy: number;
  /** Of it, the kernel's interrupt handlers: on loopback, most of them carry the requests and answers between processes. */
  interrupts: number;
  processes: Map<number, { part: MachinePart; ticks: number }>;
}

/**
 * The machine's CPU over a measured run, per request answered: all of it (every core, every process
 * and the kernel's own work), and who spent it. Where the server shares the cores with the
 * databases, Redis and the load generator, a server answers 1.5 times as many requests a second as
 * another, its cores as busy, only if the whole machine spends at most two thirds as much a request.
 */
export interface MachineCpu {
  /** How much of the machine's cores were busy over the run, 0 to 1. */
  busyShare: number;
  allUs: number;
  serverUs: number;
  postgresUs: number;
  mariadbUs: number;
  redisUs: number;
  /** The bench's own process, which runs the load generator. */
  loadUs: number;
  /** The kernel's interrupt handlers, on no process's account. */
  interruptsUs: number;
  /** The rest: other processes, the kernel's threads, processes that ended during the run. */
  restUs: number;
}

// The processes of the machine's services, by the command name the kernel gives them.
const PARTS_BY_COMMAND = new Map<string, MachinePart>([
  ['postgres', 'postgres'],
  ['mariadbd', 'mariadb'],
  ['mysqld', 'mariadb'],
  ['redis-server', 'redis'],
]);

/** The machine's CPU now; null where there is no Linux /proc to read it from. */
export function sampleMachine(serverPid: number): MachineSample | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  const sample: MachineSample = { at: performance.now(), ...coreTicks(stat), processes: new Map() };
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const counted = processTicks(pid);
    if (counted === null) continue;
    const part = pid === serverPid ? 'server' : pid === process.pid ? 'load' : PARTS_BY_COMMAND.get(counted.command);
    if (part !== undefined) sample.processes.set(pid, { part, ticks: counted.ticks });
  }
  return sample;
}

/** What the machine spent between two samples, per request answered; null when either is missing. */
export function machineCpuBetween(before: MachineSample | null, after: MachineSample | null, requests: number, cores = os.availableParallelism()): MachineCpu | null {
  if (before === null || after === null) return null;
  const perRequest = (ticks: number) => (ticks * MICROS_PER_TICK) / Math.max(requests, 1);
  const elapsedTicks = ((after.at - before.at) / 1000) * (1_000_000 / MICROS_PER_TICK) * cores;
  // What each process still running spent since the first sample (all of it, for one started since).
  const parts: Record<MachinePart, number> = { server: 0, postgres: 0, mariadb: 0, redis: 0, load: 0 };
  for (const [pid, { part, ticks }] of after.processes) parts[part] += ticks - (before.processes.get(pid)?.ticks ?? 0);
  const interrupts = after.interrupts - before.interrupts;
  const named = parts.server + parts.postgres + parts.mariadb + parts.redis + parts.load + interrupts;
  const busy = Math.max(after.busy - before.busy, named);
  return {
    busyShare: elapsedTicks > 0 ? Math.min(busy / elapsedTicks, 1) : 0,
    allUs: perRequest(busy),
    serverUs: perRequest(parts.server),
    postgresUs: perRequest(parts.postgres),
    mariadbUs: perRequest(parts.mariadb),
    redisUs: perRequest(parts.redis),
    loadUs: perRequest(parts.load),
    interruptsUs: perRequest(interrupts),
    restUs: perRequest(busy - named),
  };
}

/**
 * The ticks every core spent working, from the first line of /proc/stat: user, nice, system, irq and
 * softirq, the last two also apart. Idle and I/O wait are not work; steal is time the hypervisor gave
 * another machine.
 */
export function coreTicks(stat: string): { busy: number; interrupts: number } {
  const fields = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/);
  if (fields[0] !== 'cpu') throw new Error('/proc/stat does not start with the machine\'s cpu line');
  const [user, nice, system, , , irq, softirq] = fields.slice(1).map(Number);
  return { busy: user! + nice! + system! + irq! + softirq!, interrupts: irq! + softirq! };
}

/** A process's command name and the ticks its threads spent (user and system), from /proc/<pid>/stat; null once it has ended. */
export function processTicks(pid: number): { command: string; ticks: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  return parseProcessStat(stat);
}

/** /proc/<pid>/stat read: the command sits in parentheses and may hold spaces, so fields are counted after its last one. */
export function parseProcessStat(stat: string): { command: string; ticks: number } {
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  // After the command: state, ppid, ... utime is the 14th field of the line, stime the 15th.
  return { command: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
}
