import { describe, expect, it } from 'vitest';
import type { BenchInputs } from '../../bench/inputs.js';
import { buildPeerScenarios, differingPaths, PEER_KEYS } from '../../bench/peers.js';
import { peerRatiosOf, type ModeResult, type RunMode } from '../../bench/summary.js';

const DAY = '2026-06-15';
const inputs: BenchInputs = {
  personalNumbers: Array.from({ length: 3000 }, (_, i) => String(1_000_000_000 + i * 7)),
  municipalityCode: 12,
  plates: [],
  payrollLists: [],
  businessNumbers: [],
};
const { A, B } = buildPeerScenarios(inputs);

// A run with only what the summary reads: its mode, round and requests per second.
function run(mode: RunMode, requestsPerSecond: number, round: number | null = null): ModeResult {
  return { mode, connections: 10, round, measured: { requestsPerSecond }, counters: null } as ModeResult;
}

describe('the keys of the peers', () => {
  it('sends every server the same distinct personal numbers in the same fixed order, run after run', () => {
    expect(A.keys).toHaveLength(PEER_KEYS);
    expect(new Set(A.keys).size).toBe(PEER_KEYS);
    expect(A.keys).toEqual(buildPeerScenarios(inputs).A.keys);
    // Drawn from all the people, not the first of them.
    expect(A.keys.some((key) => inputs.personalNumbers.indexOf(key) >= PEER_KEYS)).toBe(true);
    const sent = (dialect: 'gateway' | 'postgraphile') => {
      const next = A.scenario(dialect).requests();
      return Array.from({ length: PEER_KEYS + 2 }, () => (JSON.parse(next()) as { variables: { p: string } }).variables.p);
    };
    expect(sent('gateway')).toEqual(sent('postgraphile'));
    expect(sent('gateway').slice(0, 3)).toEqual(A.keys.slice(0, 3));
    expect(sent('gateway').slice(PEER_KEYS)).toEqual(A.keys.slice(0, 2));
  });

  it('asks (B) for the municipality of the inputs in both dialects', () => {
    expect(B.keys).toEqual(['12']);
    expect(JSON.parse(B.body('gateway', '12'))).toMatchObject({ variables: { m: 12 } });
    expect(JSON.parse(B.body('postgraphile', '12'))).toMatchObject({ variables: { m: 12 } });
  });
});

describe("a PostGraphile's answer in the gateway's shape", () => {
  it('maps (A) through the gateway mapping: names trimmed, the status code decoded', () => {
    const postgraphile = { personByPersonalNo: { firstName: 'Arta ', lastName: 'Krasniqi', birthDate: '1990-01-02', status: 'E' } };
    const gateway = { citizen: { firstName: 'Arta', lastName: 'Krasniqi', dateOfBirth: '1990-01-02', status: 'EMIGRATED' } };
    expect(A.answer('postgraphile', postgraphile, '1000000007', DAY)).toEqual(A.answer('gateway', gateway, '1000000007', DAY));
    expect(A.scenario('postgraphile').problemWith(postgraphile)).toBeNull();
    expect(A.scenario('postgraphile').problemWith({ personByPersonalNo: null })).toBe('the citizen is null');
  });

  it('maps (B) with document kinds and standings as the gateway gives them on the day', () => {
    const documents = [
      { docNo: 'P1 ', docType: 'PP', expiresOn: '2026-06-14', status: 'V' },
      { docNo: 'ID2', docType: 'ID', expiresOn: '2026-06-15', status: 'V' },
      { docNo: 'ID3', docType: 'XX', expiresOn: null, status: 'L' },
    ];
    const people = [{ personalNo: '1000000007', firstName: 'Arta', lastName: 'Krasniqi', idDocumentsByPersonalNo: { nodes: documents } }];
    expect(B.answer('postgraphile', { allPeople: { nodes: people } }, '12', DAY)).toEqual([
      {
        personalNumber: '1000000007',
        firstName: 'Arta',
        lastName: 'Krasniqi',
        documents: [
          { number: 'P1', kind: 'PASSPORT', expiresOn: '2026-06-14', status: 'EXPIRED' },
          { number: 'ID2', kind: 'ID_CARD', expiresOn: '2026-06-15', status: 'VALID' },
          { number: 'ID3', kind: null, expiresOn: null, status: 'LOST_OR_STOLEN' },
        ],
      },
    ]);
    expect(B.scenario('postgraphile').problemWith({ allPeople: { nodes: people } })).toBe('not 100 citizens');
  });

  it("takes the gateway's own answer as it is", () => {
    const nodes = [{ personalNumber: '1000000007', firstName: 'Arta', lastName: 'Krasniqi', documents: [] }];
    expect(B.answer('gateway', { searchCitizens: { nodes } }, '12', DAY)).toBe(nodes);
  });
});

describe('differingPaths', () => {
  it('finds no difference between equal answers, whatever the order of their fields', () => {
    expect(differingPaths({ a: 1, b: [{ c: 'x' }] }, { b: [{ c: 'x' }], a: 1 })).toEqual([]);
    expect(differingPaths(null, null)).toEqual([]);
  });

  it('names each differing field by its path, and a list of another length at its own', () => {
    const expected = [{ personalNumber: '1', documents: [{ kind: 'PASSPORT', status: 'VALID' }] }, { personalNumber: '2', documents: [] }];
    const actual = [{ personalNumber: '1', documents: [{ kind: 'ID_CARD', status: 'VALID' }] }, { personalNumber: '2', documents: [{}] }];
    expect(differingPaths(expected, actual)).toEqual(['[0].documents[0].kind', '[1].documents (1 items, not 0)']);
    expect(differingPaths({ status: 'ALIVE' }, { status: 'ALIVE', extra: 1 })).toEqual(['extra']);
    expect(differingPaths({ status: 'ALIVE' }, null)).toEqual(['the answer']);
    expect(differingPaths([1, 2], [1])).toEqual(['the answer (1 items, not 2)']);
  });
});

describe('the gateway against the faster peer', () => {
  it("takes each server's median round, and the peer whose median is higher", () => {
    const modes = [
      run('postgraphile-v4', 900, 1), run('postgraphile-v5', 1200, 1), run('cached', 600, 1), run('in-process', 300, 1), run('cached-no-trail', 800, 1), run('bare', 6000, 1),
      run('postgraphile-v4', 1500, 2), run('postgraphile-v5', 1000, 2), run('cached', 100, 2), run('in-process', 400, 2), run('cached-no-trail', 1000, 2), run('bare', 6000, 2),
      run('postgraphile-v4', 1000, 3), run('postgraphile-v5', 1100, 3), run('cached', 550, 3), run('in-process', 330, 3), run('cached-no-trail', 1100, 3), run('bare', 5500, 3),
    ];
    // Medians: v4 1000, v5 1100 (v4's best round is higher, its median is not), cached 550, in-process 330, without the trail 1000, bare 6000.
    const ratios = peerRatiosOf(modes, 10);
    expect(ratios.fasterPeer).toBe('postgraphile-v5');
    expect(ratios.cachedOverFasterPeer).toBeCloseTo(0.5);
    expect(ratios.inProcessOverFasterPeer).toBeCloseTo(0.3);
    expect(ratios.cachedOverBare).toBeCloseTo(550 / 6000);
    expect(ratios.inProcessOverBare).toBeCloseTo(330 / 6000);
    expect(ratios.noTrailOverFasterPeer).toBeCloseTo(1000 / 1100);
    // Round by round 0.75, 0.1 and 0.5: the trail's cost is the median of those, not 550 over 1000.
    expect(ratios.cachedOverNoTrail).toBeCloseTo(0.5);
  });

  it('has no ratio to a peer where no peer was measured', () => {
    expect(peerRatiosOf([run('cached', 500), run('bare', 5000)], 10)).toEqual({
      fasterPeer: null,
      cachedOverFasterPeer: null,
      inProcessOverFasterPeer: null,
      cachedOverBare: 0.1,
      inProcessOverBare: null,
      noTrailOverFasterPeer: null,
      cachedOverNoTrail: null,
    });
  });
});
