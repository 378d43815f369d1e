import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileLines, summariseProfile } from '../../bench/profile.js';

const frame = (id: number, functionName: string, url: string) => ({ id, callFrame: { functionName, url } });

describe("the bench's CPU profile summary", () => {
  it("sums the main thread's samples by package, source folder, Node.js module and what V8 names, idle left out", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-profile-'));
    const nodes = [
      frame(1, '(idle)', ''),
      frame(2, 'execute', 'file:///app/node_modules/graphql/execution/execute.js'),
      frame(3, 'customExecute', 'file:///app/node_modules/@envelop/core/cjs/orchestrator.js'),
      frame(4, 'fieldsPerPerson', 'file:///app/src/plugins/auditTrail.ts'),
      frame(5, '(garbage collector)', ''),
      frame(6, 'emit', 'node:events'),
      frame(7, 'walk', 'file:///app/src/operation/selections.ts'),
    ];
    // Samples of 1 ms each: graphql 3, envelop 2, the plugins' folder 2, GC 1, node:events 1, idle 5.
    const samples = [1, 2, 2, 2, 3, 3, 4, 4, 5, 6, 1, 1, 1, 1, 7];
    writeFileSync(path.join(dir, 'CPU.main.cpuprofile'), JSON.stringify({ nodes, samples, timeDeltas: samples.map(() => 1000), startTime: 0, endTime: 0 }));
    // The loader thread's profile, smaller: not the one summed.
    writeFileSync(path.join(dir, 'CPU.loader.cpuprofile'), JSON.stringify({ nodes: [frame(1, 'x', 'node:internal/x')], samples: [1], timeDeltas: [1] }));
    const summary = await summariseProfile(dir);
    expect(summary).toEqual({
      busyMs: 10,
      parts: [
        { part: 'graphql', ms: 3 },
        { part: '@envelop/core', ms: 2 },
        { part: 'src/plugins/', ms: 2 },
        { part: '(garbage collector)', ms: 1 },
        { part: 'node:events', ms: 1 },
        { part: 'src/operation/', ms: 1 },
      ],
    });
    expect(profileLines(summary!, 2)).toEqual([' 30.0 %        3 ms  graphql', ' 20.0 %        2 ms  @envelop/core']);
  });

  it('is nothing when the process wrote no profile', async () => {
    expect(await summariseProfile(mkdtempSync(path.join(tmpdir(), 'bench-profile-')))).toBeNull();
  });
});
