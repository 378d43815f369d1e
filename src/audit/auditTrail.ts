import type { AuditStore } from './auditStore.js';
import type { AccessEvent } from './records.js';

interface Waiting {
  events: readonly AccessEvent[];
  done: (error?: unknown) => void;
}

/**
 * Records access events before answers leave. The events of concurrent requests are written together
 * (one transaction while the previous one commits), and each request learns whether its own were.
 */
export class AuditTrail {
  readonly #waiting: Waiting[] = [];
  #writing = false;

  constructor(
    private readonly store: AuditStore,
    /** Told of every write: whether it succeeded and how long it took. */
    private readonly onWrite: (ok: boolean, ms: number) => void = () => {},
  ) {}

  /** Resolves once the events are stored; rejects with `AuditUnavailableError` when they could not be. */
  record(events: readonly AccessEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiting.push({ events, done: (error) => (error === undefined ? resolve() : reject(error)) });
      void this.#writeWaiting();
    });
  }

  async #writeWaiting(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    while (this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0);
      const started = performance.now();
      try {
        await this.store.append(batch.flatMap((waiting) => waiting.events));
        this.onWrite(true, performance.now() - started);
        for (const waiting of batch) waiting.done();
      } catch (error) {
        this.onWrite(false, performance.now() - started);
        for (const waiting of batch) waiting.done(error);
      }
    }
    this.#writing = false;
  }
}
