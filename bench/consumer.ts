import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SCOPES } from '../src/auth/scopes.js';

// The benchmark calls as a consumer of its own, with a fresh key each run: every scope, one purpose.
const key = `bench-${randomBytes(16).toString('hex')}`;
const dir = mkdtempSync(path.join(tmpdir(), 'ndg-bench-'));

/** The consumers file the benchmarked gateways load. */
export const BENCH_CONSUMERS_FILE = path.join(dir, 'consumers.json');
writeFileSync(
  BENCH_CONSUMERS_FILE,
  JSON.stringify({
    consumers: [
      {
        id: 'benchmark',
        institution: 'National data gateway',
        system: 'Benchmark',
        credentials: [{ type: 'api-key', sha256: createHash('sha256').update(key).digest('hex') }],
        scopes: SCOPES,
        purposes: ['benchmark'],
        // Far above what the benchmark sends: it measures the gateway, not its rate limit.
        rateLimit: { requests: 10_000_000, perSeconds: 1 },
      },
    ],
  }),
);

/** The headers every benchmark request carries: the credential and the purpose. */
export const BENCH_HEADERS: Readonly<Record<string, string>> = Object.freeze({ authorization: `Bearer ${key}`, 'x-purpose': 'benchmark' });
