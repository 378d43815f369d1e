import { WeightedTable } from '../src/seed/random.js';

/**
 * A Zipf distribution over `ranked` (index 0 is rank 1): rank k has weight 1 / k^exponent. The
 * table holds the cumulative weights, so each draw is one binary search.
 */
export function zipfTable<T>(ranked: readonly T[], exponent: number): WeightedTable<T> {
  return new WeightedTable(ranked.map((value, index) => [value, 1 / (index + 1) ** exponent] as const));
}
