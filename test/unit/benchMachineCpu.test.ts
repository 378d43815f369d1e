import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coreTicks, machineCpuBetween, parseProcessStat, processTicks, sampleMachine, type MachinePart, type MachineSample } from '../../bench/machineCpu.js';

describe("the bench's figure of the whole machine's CPU", () => {
  it('counts user, nice, system and interrupt time as work, not idle, I/O wait or steal', () => {
    const stat = 'cpu  100 5 40 9000 300 2 3 700 0 0\ncpu0 50 2 20 4500 150 1 1 350 0 0\nintr 1\n';
    expect(coreTicks(stat)).toEqual({ busy: 150, interrupts: 5 });
    expect(() => coreTicks('intr 1\n')).toThrow(/cpu line/);
  });

  it("reads a process's command and ticks even when its command holds spaces and parentheses", () => {
    const fields = ['S', '1', '2', '2', '0', '-1', '4194560', '100', '0', '0', '0', '1234', '567', '0', '0', '20', '0', '8'];
    expect(parseProcessStat(`4242 (node (worker) 1) ${fields.join(' ')}\n`)).toEqual({ command: 'node (worker) 1', ticks: 1801 });
  });

  it('gives every part per request, the rest as what no named part spent, and how busy the cores were', () => {
    const sample = (at: number, busy: number, interrupts: number, processes: Array<[number, MachinePart, number]>): MachineSample => ({
      at,
      busy,
      interrupts,
      processes: new Map(processes.map(([pid, part, ticks]) => [pid, { part, ticks }])),
    });
    const before = sample(0, 1000, 30, [[1, 'server', 100], [2, 'postgres', 50], [3, 'postgres', 400], [4, 'redis', 10], [5, 'load', 40], [7, 'mariadb', 5]]);
    // 10 s on 2 cores are 2 000 ticks; 1 500 of them busy. Backend 3 ended during the run (its 400
    // ticks before it are not the run's), backend 6 started in it (all of its 120 are).
    const after = sample(10_000, 2500, 130, [[1, 'server', 800], [2, 'postgres', 130], [6, 'postgres', 120], [4, 'redis', 30], [5, 'load', 340], [7, 'mariadb', 15]]);
    expect(machineCpuBetween(before, after, 10_000, 2)).toEqual({
      busyShare: 0.75,
      allUs: 1500,
      serverUs: 700,
      postgresUs: 200,
      mariadbUs: 10,
      redisUs: 20,
      loadUs: 300,
      interruptsUs: 100,
      restUs: 170,
    });
    expect(machineCpuBetween(null, after, 10_000, 2)).toBeNull();
  });

  it.runIf(existsSync('/proc/stat'))('finds the process it is told is the server among the machine\'s', () => {
    const before = sampleMachine(process.pid)!;
    // Works until the kernel has counted two more ticks of this process.
    const start = processTicks(process.pid)!.ticks;
    let spun = 0;
    while (processTicks(process.pid)!.ticks < start + 2) spun += Math.sqrt(spun + 1);
    const after = sampleMachine(process.pid)!;
    const self = (sample: MachineSample) => sample.processes.get(process.pid);
    // This process is the server here, not the load generator.
    expect(self(after)?.part).toBe('server');
    expect(self(after)!.ticks - self(before)!.ticks).toBeGreaterThanOrEqual(2);
    expect(after.busy).toBeGreaterThan(before.busy);
  });
});
