import { describe, expect, it } from 'vitest';
import { medianRun, peerRatiosOf, ratiosOf, targetsOf, type ModeResult, type PeerScenarioResult, type RunMode, type ScenarioResult } from '../../bench/summary.js';

// A run with only what the summary reads: its mode, connections, round and requests per second.
function run(mode: RunMode, requestsPerSecond: number, connections = 10, round: number | null = null, peakRssMb = 0): ModeResult {
  return { mode, connections, round, measured: { requestsPerSecond }, counters: null, peakRssMb } as ModeResult;
}

describe('the trail in the bench summary', () => {
  it('takes the median of the rounds, mode by mode and connections by connections', () => {
    const modes = [run('cached', 90, 10, 1), run('cached', 70, 10, 2), run('cached', 80, 10, 3), run('cached', 10, 50, 1)];
    expect(medianRun(modes, 'cached', 10)?.round).toBe(3);
    expect(medianRun(modes, 'cached', 50)?.measured.requestsPerSecond).toBe(10);
    expect(medianRun(modes, 'in-process', 10)).toBeUndefined();
  });

  it("takes the trail's cost as the median of each round's ratio, the two runs of a round paired", () => {
    // The machine slowed during round 2 and during the first run of round 3: the median of each
    // mode alone would give 60 / 100, the rounds' own ratios 1.0, 0.9 and 0.5.
    const modes = [
      run('cached', 100, 10, 1), run('cached-no-trail', 100, 10, 1),
      run('cached', 45, 10, 2), run('cached-no-trail', 50, 10, 2),
      run('cached', 60, 10, 3), run('cached-no-trail', 120, 10, 3),
    ];
    expect(ratiosOf(modes, 10).cachedOverNoTrail).toEqual([{ connections: 10, ratio: 0.9 }]);
  });

  it('sets cached over cached-no-trail against the targets at each connections measured', () => {
    const a = [run('cached', 90), run('cached-no-trail', 100), run('cached', 40, 50), run('cached-no-trail', 100, 50)];
    const b = [run('cached', 70), run('cached-no-trail', 100)];
    const scenario = (id: 'a' | 'b', modes: ModeResult[]) => [id, { id, modes, ratios: ratiosOf(modes, 10) } as ScenarioResult] as const;
    expect(ratiosOf(a, 10).cachedOverNoTrail).toEqual([
      { connections: 10, ratio: 0.9 },
      { connections: 50, ratio: 0.4 },
    ]);
    const targets = targetsOf(new Map([scenario('a', a), scenario('b', b)]), new Map(), { connections: 10, trailConnections: [10, 50] });
    expect(targets.filter((target) => target.unit === '× no trail').map(({ measured, met }) => ({ measured, met }))).toEqual([
      { measured: 0.9, met: true },
      { measured: 0.4, met: false },
      { measured: 0.7, met: false },
    ]);
  });

  it("sets the gateway against the faster PostGraphile in (A) and (B), and bounds the gateways' peak memory under (B)", () => {
    const peer = (id: 'A' | 'B', modes: ModeResult[]) => [id, { id, modes, ratios: peerRatiosOf(modes, 10) } as PeerScenarioResult] as const;
    const A = [run('postgraphile-v4', 1000), run('postgraphile-v5', 600), run('cached', 1600), run('in-process', 1400)];
    const B = [run('postgraphile-v4', 300, 10, null, 190), run('postgraphile-v5', 500, 10, null, 220), run('cached', 450, 10, null, 180), run('in-process', 520, 10, null, 260)];
    const targets = targetsOf(new Map(), new Map([peer('A', A), peer('B', B)]), { connections: 10, trailConnections: [10] });
    expect(targets.filter((target) => target.description.startsWith('(A)') || target.description.startsWith('(B)')).map(({ measured, met }) => ({ measured, met }))).toEqual([
      { measured: 1.6, met: true },
      { measured: 1.4, met: false },
      { measured: 0.9, met: false },
      // The larger of the two gateways' peaks, not a peer's.
      { measured: 260, met: false },
    ]);
    // The gateway's own scenarios did not run.
    expect(targets.find((target) => target.description.startsWith('(a) cached requests/s ≥'))?.met).toBeNull();
  });

  it("gives what meeting a target allows the whole machine to spend a request, from the run it is set against, beside the gateway's spending", () => {
    const withMachine = (mode: RunMode, requestsPerSecond: number, allUs: number, serverUs: number, busyShare: number): ModeResult => ({
      ...run(mode, requestsPerSecond),
      machineCpu: { busyShare, allUs, serverUs, postgresUs: 0, mariadbUs: 0, redisUs: 0, loadUs: allUs - serverUs, interruptsUs: 0, restUs: 0 },
    });
    const peer = (modes: ModeResult[]) => ['A', { id: 'A', modes, ratios: peerRatiosOf(modes, 10) } as PeerScenarioResult] as const;
    const A = [withMachine('postgraphile-v4', 6000, 300, 160, 0.75), run('postgraphile-v5', 3000), withMachine('cached', 4500, 330, 190, 0.7), run('in-process', 4400)];
    const [cached, inProcess] = targetsOf(new Map(), new Map([peer(A)]), { connections: 10, trailConnections: [10] }).filter((target) => target.description.startsWith('(A)'));
    // 1.5 × v4's 6 000 a second on the same cores: 300 / 1.5 µs a request as busy as v4's run, 300 / (0.75 × 1.5) with every core busy.
    expect(cached!.budget).toEqual({ atSameBusyUs: 200, atFullBusyUs: 300 / (0.75 * 1.5), spentUs: 330, serverUs: 190, outsideServerUs: 140 });
    // No machine's figures for that gateway's run: no budget.
    expect(inProcess!.budget).toBeNull();
  });
});
