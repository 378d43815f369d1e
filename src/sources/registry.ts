import { sql, type SelectQueryBuilder } from 'kysely';
import CircuitBreaker from 'opossum';
import type { Logger } from 'pino';
import type { RegistryResilience } from '../config.js';
import { driverErrorOf, SourceUnavailableError } from '../errors.js';
import { MAX_PARAMETERS, type Connection, type Engine } from './engine.js';

/** Counts the statements a registry was sent, in all and per named query. */
export class StatementCounter {
  #total = 0;
  readonly #byQuery = new Map<string, number>();

  count(queryName: string): void {
    this.#total += 1;
    this.#byQuery.set(queryName, (this.#byQuery.get(queryName) ?? 0) + 1);
  }

  get total(): number {
    return this.#total;
  }

  /** The count per named query so far. */
  byQuery(): Record<string, number> {
    return Object.fromEntries(this.#byQuery);
  }
}

/** `keys` in runs of at most `size`, in order: what one request to a registry may carry. */
export function chunked<T>(keys: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < keys.length; start += size) chunks.push(keys.slice(start, start + size));
  return chunks;
}

/** Something odd in a legacy row that the mapping replaced by null. Never carries the value itself. */
export interface MappingWarning {
  table: string;
  column: string;
  reason: string;
}

/** Receives mapping warnings; the sources log them. */
export type WarnFn = (warning: MappingWarning) => void;

/** Whether the gateway asks a registry: yes (closed), not for now (open), or once, to probe it (half-open). */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** How a statement ended: answered, failed (or timed out), or refused by an open circuit without being sent. */
export type StatementOutcome = 'ok' | 'failed' | 'refused';

// The names OpenTelemetry gives the registries' database systems.
const DB_SYSTEMS: Readonly<Record<Engine, string>> = { postgres: 'postgresql', mysql: 'mariadb', sqlite: 'sqlite' };

// The window over which failures are counted, and how many statements it must hold before a
// circuit may open: two failures of three should not cut a registry off.
const BREAKER_WINDOW_MS = 10_000;
const BREAKER_MIN_STATEMENTS = 5;

/**
 * What every source of the gateway shares, a database or a web service: named requests (statements
 * or calls) and their count, and a circuit breaker. A request waits at most the statement timeout;
 * when too many fail, the circuit opens and every request fails at once, without waiting on the
 * registry, until one probe succeeds.
 */
export abstract class Source {
  readonly statements = new StatementCounter();
  protected readonly warn: WarnFn;
  readonly #breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  readonly #statementListeners: Array<(outcome: StatementOutcome, ms: number, queryName: string) => void> = [];

  constructor(
    /** How callers and logs name the registry, e.g. "civil registry". */
    readonly label: string,
    protected readonly log: Logger,
    resilience: RegistryResilience,
  ) {
    this.warn = (warning) => this.log.warn({ registry: this.label, ...warning }, 'odd legacy value mapped to null');
    this.#breaker = new CircuitBreaker((statement: () => Promise<unknown>) => statement(), {
      timeout: resilience.statementTimeoutMs,
      errorThresholdPercentage: resilience.breakerErrorPercent,
      resetTimeout: resilience.breakerResetMs,
      rollingCountTimeout: BREAKER_WINDOW_MS,
      volumeThreshold: BREAKER_MIN_STATEMENTS,
    });
    this.#breaker.on('open', () => log.warn({ registry: label, retryInMs: resilience.breakerResetMs }, 'registry failing: its fields are answered as unavailable'));
    this.#breaker.on('halfOpen', () => log.info({ registry: label }, 'probing the registry'));
    this.#breaker.on('close', () => log.info({ registry: label }, 'registry answering again'));
  }

  /** What kind of system the registry is, for traces: `postgresql`, `mariadb`, `sqlite`, `soap`. */
  abstract get system(): string;

  /** Calls `listener` with the outcome, duration and name of every statement from now on. */
  onStatement(listener: (outcome: StatementOutcome, ms: number, queryName: string) => void): void {
    this.#statementListeners.push(listener);
  }

  /** Whether the gateway asks the registry now. */
  get circuit(): CircuitState {
    if (this.#breaker.opened) return 'open';
    return this.#breaker.halfOpen ? 'half-open' : 'closed';
  }

  /**
   * Sends one named request through the breaker, counted; any failure becomes SOURCE_UNAVAILABLE
   * naming the registry, without its words.
   */
  protected async send<T>(queryName: string, request: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const ended = (outcome: StatementOutcome) => {
      for (const listener of this.#statementListeners) listener(outcome, performance.now() - started, queryName);
    };
    try {
      const answer = (await this.#breaker.fire(() => {
        this.statements.count(queryName);
        return request();
      })) as T;
      ended('ok');
      return answer;
    } catch (error) {
      // An open circuit refuses without asking the registry; that was logged once, when it opened.
      const refused = (error as { code?: unknown }).code === 'EOPENBREAKER';
      if (!refused) this.log.error({ registry: this.label, query: queryName, driverError: driverErrorOf(error) }, 'registry statement failed');
      ended(refused ? 'refused' : 'failed');
      throw new SourceUnavailableError(this.label);
    }
  }

  async close(): Promise<void> {
    this.#breaker.shutdown();
  }
}

/** A legacy registry the gateway reads as a database: its connection, and statements named in their SQL. */
export abstract class Registry<DB> extends Source {
  constructor(label: string, protected readonly connection: Connection<DB>, log: Logger, resilience: RegistryResilience) {
    super(label, log, resilience);
  }

  get engine(): Engine {
    return this.connection.engine;
  }

  get system(): string {
    return DB_SYSTEMS[this.connection.engine];
  }

  protected get db() {
    return this.connection.db;
  }

  /**
   * Sends one named statement. The name leads the SQL as a comment so the statement can be found
   * in the registry's own logs; a driver error becomes SOURCE_UNAVAILABLE without SQL or values.
   */
  protected select<O>(queryName: string, query: SelectQueryBuilder<any, any, O>): Promise<O[]> {
    return this.send(queryName, () => query.modifyFront(sql.raw(`/* ${queryName} */`)).execute());
  }

  /** Splits keys so that one statement's `IN (...)` list stays under the engine's parameter limit. */
  protected chunks<T>(keys: readonly T[], reservedParameters = 0): T[][] {
    return chunked(keys, MAX_PARAMETERS[this.engine] - reservedParameters);
  }

  /** A read by a batch of keys: one named statement per chunk under the parameter limit, each row mapped (null drops it). */
  protected byKeys<K, O, T>(
    queryName: string,
    map: (row: O, warn: WarnFn) => T | null,
    build: (chunk: K[]) => SelectQueryBuilder<any, any, O>,
  ): (keys: readonly K[]) => Promise<T[]> {
    return async (keys) => {
      if (keys.length === 0) return [];
      const results = await Promise.all(this.chunks(keys).map((chunk) => this.select(queryName, build(chunk))));
      return results.flat().map((row) => map(row, this.warn)).filter((value): value is T => value !== null);
    };
  }

  override async close(): Promise<void> {
    await super.close();
    // A connection that never opened (a registry that stopped answering) must not fail the shutdown.
    await this.connection.db.destroy().catch((error: unknown) => {
      this.log.warn({ registry: this.label, driverError: driverErrorOf(error) }, 'registry pool closed with an error');
    });
  }
}
