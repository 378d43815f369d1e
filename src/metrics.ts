import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CountersSnapshot } from './counters.js';
import type { Sources } from './sources/index.js';
import type { CircuitState, StatementOutcome } from './sources/registry.js';

const REGISTRIES = ['civil', 'address', 'vehicle', 'business'] as const satisfies ReadonlyArray<keyof Sources>;
const CIRCUIT_VALUES: Readonly<Record<CircuitState, number>> = { closed: 0, 'half-open': 1, open: 2 };
// Operation names come from callers: a bounded set of well-formed ones is kept, the rest counted together.
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The gateway's Prometheus metrics, one registry per gateway: requests by operation, errors by code,
 * statements, latency and circuit of each registry, cache hits and misses by kind, loader batch sizes
 * and audit writes, with Node's own process metrics. No label ever holds personal data.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly #requests: Histogram<'operation' | 'status'>;
  readonly #errors: Counter<'code'>;
  readonly #statements: Histogram<'registry' | 'outcome'>;
  readonly #batches: Histogram<'loader'>;
  readonly #auditWrites: Histogram<'outcome'>;
  readonly #operations = new Set<string>();

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'ndg_' });
    this.#requests = new Histogram({
      name: 'ndg_request_duration_seconds', help: 'GraphQL requests by operation name and HTTP status', labelNames: ['operation', 'status'], buckets: SECONDS, registers,
    });
    this.#errors = new Counter({ name: 'ndg_errors_total', help: 'Errors answered, by extensions.code', labelNames: ['code'], registers });
    this.#statements = new Histogram({
      name: 'ndg_registry_statement_duration_seconds', help: 'Registry statements by registry and outcome (ok, failed, refused by an open circuit)',
      labelNames: ['registry', 'outcome'], buckets: SECONDS, registers,
    });
    this.#batches = new Histogram({
      name: 'ndg_loader_batch_size', help: 'Keys per loader batch, by loader', labelNames: ['loader'], buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], registers,
    });
    this.#auditWrites = new Histogram({
      name: 'ndg_audit_write_duration_seconds', help: 'Audit trail writes (one transaction for the requests waiting), by outcome',
      labelNames: ['outcome'], buckets: SECONDS, registers,
    });
  }

  /** Reads the registries' circuits and statements, and the cache's lookups, from now on. */
  observe(sources: Sources, counters: () => CountersSnapshot): void {
    const registers = [this.registry];
    new Gauge({
      name: 'ndg_registry_circuit_state', help: 'Circuit of each registry: 0 closed, 1 half-open, 2 open', labelNames: ['registry'], registers,
      collect() {
        for (const registry of REGISTRIES) this.set({ registry }, CIRCUIT_VALUES[sources[registry].circuit]);
      },
    });
    // Counted where they happen (counters.ts); read at each scrape.
    new Counter({
      name: 'ndg_registry_statements_total', help: 'Statements sent to each registry', labelNames: ['registry'], registers,
      collect() {
        this.reset();
        for (const [registry, { total }] of Object.entries(counters().statements)) this.inc({ registry }, total);
      },
    });
    new Counter({
      name: 'ndg_cache_lookups_total', help: 'Cache lookups by entity kind and result', labelNames: ['kind', 'result'], registers,
      collect() {
        this.reset();
        const { cache } = counters();
        for (const [kind, hits] of Object.entries(cache?.hits ?? {})) this.inc({ kind, result: 'hit' }, hits);
        for (const [kind, misses] of Object.entries(cache?.misses ?? {})) this.inc({ kind, result: 'miss' }, misses);
      },
    });
    for (const registry of REGISTRIES) {
      sources[registry].onStatement((outcome: StatementOutcome, ms: number) => this.#statements.observe({ registry, outcome }, ms / 1000));
    }
  }

  /** Reads, at each scrape, how many access records wait to be written. */
  observeAuditBacklog(backlog: () => number): void {
    new Gauge({
      name: 'ndg_audit_records_pending', help: 'Access records not yet written to the audit trail: waiting for a write lane, or being written',
      registers: [this.registry],
      collect() {
        this.set(backlog());
      },
    });
  }

  /** One answered request: its operation, HTTP status and duration. */
  request(operationName: string | null, status: number, ms: number): void {
    this.#requests.observe({ operation: this.#operationLabel(operationName), status: String(status) }, ms / 1000);
  }

  /** One error in an answer, by its code. */
  error(code: string): void {
    this.#errors.inc({ code });
  }

  batch(loader: string, keys: number): void {
    this.#batches.observe({ loader }, keys);
  }

  auditWrite(ok: boolean, ms: number): void {
    this.#auditWrites.observe({ outcome: ok ? 'ok' : 'failed' }, ms / 1000);
  }

  #operationLabel(name: string | null): string {
    if (name === null) return '(anonymous)';
    if (!OPERATION_NAME.test(name)) return '(other)';
    if (this.#operations.has(name)) return name;
    if (this.#operations.size >= MAX_OPERATION_NAMES) return '(other)';
    this.#operations.add(name);
    return name;
  }
}
