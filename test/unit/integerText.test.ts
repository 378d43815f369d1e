import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../bench/options.js';
import { parseInteger } from '../../src/integerText.js';

describe('parseInteger', () => {
  it('reads decimal digits within the bounds, the bounds included', () => {
    expect(parseInteger('--rate', '0', 0, 10)).toBe(0);
    expect(parseInteger('--rate', '10', 0, 10)).toBe(10);
    expect(parseInteger('--rate', '007', 0, 10)).toBe(7);
  });

  it.each(['', '11', '-1', '1.5', '12abc', '1e1', '0x1', ' 5', '99999999999999999999'])('refuses %j with the name and the range', (raw) => {
    expect(() => parseInteger('--rate', raw, 0, 10)).toThrow(new RangeError('--rate must be an integer from 0 to 10'));
  });
});

describe('parseBenchOptions', () => {
  it('names the flag that is not an integer in its range', () => {
    expect(() => parseBenchOptions(['--citizens', '0'])).toThrow('--citizens must be an integer from 1 to 5000000');
    expect(() => parseBenchOptions(['--duration', '2.5'])).toThrow('--duration must be an integer from 1 to 3600');
  });

  it('takes the defaults when no flag is given', () => {
    expect(parseBenchOptions([])).toMatchObject({ citizens: 20_000, duration: 10, connections: 10, rounds: 1, trailConnections: [10, 50] });
  });

  it("measures the trail's cost at the run's connections first, each count once", () => {
    expect(parseBenchOptions(['--connections', '50']).trailConnections).toEqual([50, 10]);
    expect(parseBenchOptions(['--trail-connections', '20, 10,20']).trailConnections).toEqual([10, 20]);
    expect(() => parseBenchOptions(['--trail-connections', '10,x'])).toThrow('--trail-connections must be an integer from 1 to 1000');
  });

  it("runs every scenario by default, the gateway's own and the peers', and each in its own order", () => {
    expect(parseBenchOptions([])).toMatchObject({ scenarios: ['a', 'b', 'c', 'd', 'e'], peerScenarios: ['A', 'B'] });
    expect(parseBenchOptions(['--scenarios', 'B,b, A'])).toMatchObject({ scenarios: ['b'], peerScenarios: ['A', 'B'] });
    expect(parseBenchOptions(['--scenarios', 'A'])).toMatchObject({ scenarios: [], peerScenarios: ['A'] });
    expect(() => parseBenchOptions(['--scenarios', 'a,C'])).toThrow('--scenarios must be a comma list of a, b, c, d');
  });

  it('takes an odd number of rounds, so that the median is a run', () => {
    expect(parseBenchOptions(['--rounds', '3']).rounds).toBe(3);
    expect(() => parseBenchOptions(['--rounds', '2'])).toThrow('--rounds must be odd');
  });
});
