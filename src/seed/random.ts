import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** A list of values with relative weights, prepared once for repeated weighted draws. */
export class WeightedTable<T> {
  readonly values: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    if (entries.length === 0) throw new Error('A weighted table needs at least one entry');
    this.values = entries.map(([value]) => value);
    this.cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, weight], i) => {
      if (!(weight >= 0)) throw new Error(`Weight ${weight} must not be negative`);
      total += weight;
      this.cumulative[i] = total;
    });
    if (total <= 0) throw new Error('A weighted table needs a positive total weight');
  }

  /** The value whose cumulative weight band contains `unit` (0 <= unit < 1). */
  at(unit: number): T {
    const target = unit * this.cumulative[this.cumulative.length - 1]!;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return this.values[low]!;
  }
}

/**
 * A seeded pseudo-random stream (xoroshiro128+ from pure-rand). The same seed always gives the
 * same sequence, on every platform, whatever the wall clock.
 */
export class Random {
  private constructor(private readonly generator: JumpableRandomGenerator) {}

  /** A stream for `seed`; `stream` picks one of many independent streams of the same seed. */
  static of(seed: number, stream = 0): Random {
    const generator = xoroshiro128plus(seed | 0);
    // Each jump moves 2^64 steps ahead, so streams never overlap.
    for (let i = 0; i < stream; i++) generator.jump();
    // The first outputs of a small seed are poorly mixed: discard them.
    for (let i = 0; i < 16; i++) generator.next();
    return new Random(generator);
  }

  /** A float in [0, 1). */
  float(): number {
    return (this.generator.next() >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.generator, min, max);
  }

  /** True with probability `probability`. */
  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(0, values.length - 1)]!;
  }

  weighted<T>(table: WeightedTable<T>): T {
    return table.at(this.float());
  }

  /** An integer in [min, max] leaning towards the middle (sum of two uniform draws). */
  triangular(min: number, max: number): number {
    return Math.floor(min + ((this.float() + this.float()) / 2) * (max - min + 1));
  }
}

/**
 * A keyed bijection of [0, size): a balanced Feistel network over the smallest even number of bits
 * that covers `size`, with cycle walking for the values beyond it. It turns a running counter into
 * unique, non-sequential numbers (personal numbers, document numbers, VINs) without remembering the
 * numbers already handed out.
 */
export class Permutation {
  private readonly halfBits: number;
  private readonly halfSize: number;
  private readonly mask: number;
  private readonly roundKeys: Int32Array;

  constructor(readonly size: number, key: number) {
    if (!Number.isSafeInteger(size) || size < 2 || size > 2 ** 52) throw new Error(`Permutation size ${size} is out of range`);
    let bits = 2;
    while (2 ** bits < size) bits += 2;
    this.halfBits = bits / 2;
    this.halfSize = 2 ** this.halfBits;
    this.mask = this.halfSize - 1;
    this.roundKeys = new Int32Array(6);
    let state = key | 0;
    for (let i = 0; i < this.roundKeys.length; i++) {
      state = mix32(state + 0x9e3779b9 + i);
      this.roundKeys[i] = state;
    }
  }

  /** The image of `index` (0 <= index < size). */
  at(index: number): number {
    if (!(index >= 0 && index < this.size)) throw new RangeError(`Index ${index} is outside 0..${this.size - 1}`);
    let value = index;
    do value = this.encrypt(value);
    while (value >= this.size);
    return value;
  }

  private encrypt(value: number): number {
    let left = Math.floor(value / this.halfSize);
    let right = value % this.halfSize;
    for (let i = 0; i < this.roundKeys.length; i++) {
      const next = (left ^ mix32(right ^ this.roundKeys[i]!)) & this.mask;
      left = right;
      right = next;
    }
    return left * this.halfSize + right;
  }
}

/** A 32-bit key for `label` under `seed`, so each kind of number gets its own permutation. */
export function keyOf(seed: number, label: string): number {
  // FNV-1a over the label, then mixed with the seed.
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
  return mix32(hash ^ mix32(seed | 0));
}

// The MurmurHash3 finaliser: a cheap, well-spread 32-bit mixing function.
function mix32(input: number): number {
  let h = input | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
