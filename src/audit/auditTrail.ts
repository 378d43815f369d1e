import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { AuditUnavailableError, driverErrorOf } from '../errors.js';
import type { AuditStore } from './auditStore.js';
import type { Checkpoint, CheckpointSigner } from './checkpoints.js';
import { chained, genesisOf, type AccessEvent, type ChainHead } from './records.js';
import type { WitnessDirectory } from './witness.js';

interface Waiting {
  events: readonly AccessEvent[];
  done: (error?: unknown) => void;
}

export interface AuditTrailOptions {
  store: AuditStore;
  signer: CheckpointSigner;
  /** Where checkpoints are kept besides the database; null keeps them in the database alone. */
  witness: WitnessDirectory | null;
  /** How often the chain's head is signed when it moved. */
  checkpointSeconds: number;
  log: Logger;
  /** Told of every write: whether it succeeded and how long it took. */
  onWrite?: (ok: boolean, ms: number) => void;
}

/** What answers wait on before they leave: their access events recorded. */
export interface AccessRecorder {
  /** Resolves once the events are stored; rejects with `AuditUnavailableError` when they could not be. */
  record(events: readonly AccessEvent[]): Promise<void>;
}

/**
 * Records access events before answers leave, on this process's own chain: its head is known here, so
 * a write is one statement, nothing read back and no lock another replica waits on. The events of
 * concurrent requests are written together (one statement while the previous one commits), and each
 * request learns whether its own were. Every few seconds the head is signed into a checkpoint kept in
 * the database and by the witness.
 */
export class AuditTrail implements AccessRecorder {
  readonly #waiting: Waiting[] = [];
  #writing: Promise<void> | null = null;
  #checkpointing: Promise<void> | null = null;
  #head: ChainHead;
  #signed: ChainHead;
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly options: AuditTrailOptions) {
    this.#head = genesisOf(newWriter());
    this.#signed = this.#head;
    this.#timer = setInterval(() => void this.checkpoint(), options.checkpointSeconds * 1000).unref();
  }

  /** The chain this process writes now. */
  get writer(): string {
    return this.#head.writer;
  }

  /** Resolves once the events are stored; rejects with `AuditUnavailableError` when they could not be. */
  record(events: readonly AccessEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiting.push({ events, done: (error) => (error === undefined ? resolve() : reject(error)) });
      this.#drain();
    });
  }

  // One write at a time; events that arrive as a write ends, after its last look at the queue, start the next.
  #drain(): void {
    if (this.#writing) return;
    this.#writing = this.#writeWaiting().finally(() => {
      this.#writing = null;
      if (this.#waiting.length > 0) this.#drain();
    });
  }

  /** Signs the chain's head if it moved since it was last signed, and hands the checkpoint to the witness. */
  checkpoint(): Promise<void> {
    this.#checkpointing ??= this.#signHead().finally(() => (this.#checkpointing = null));
    return this.#checkpointing;
  }

  async #signHead(): Promise<void> {
    const head = this.#head;
    if (head.seq === this.#signed.seq && head.writer === this.#signed.writer) return;
    // Kept anywhere, it counts; kept nowhere, the next round signs again.
    if (await this.#keep(this.options.signer.sign(head, 'head'))) this.#signed = head;
  }

  /** Lets the waiting records be written, then signs the head a last time. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    while (this.#writing) await this.#writing;
    await this.checkpoint();
  }

  async #writeWaiting(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0);
      const { records, head } = chained(batch.flatMap((waiting) => waiting.events), this.#head);
      const started = performance.now();
      try {
        await this.options.store.append(records);
        this.#head = head;
        this.options.onWrite?.(true, performance.now() - started);
        for (const waiting of batch) waiting.done();
      } catch (error) {
        this.options.onWrite?.(false, performance.now() - started);
        const unavailable = error instanceof AuditUnavailableError ? error : new AuditUnavailableError('write', driverErrorOf(error));
        for (const waiting of batch) waiting.done(unavailable);
        await this.#startNewChain();
      }
    }
  }

  // Whether a failed write reached the database is unknown: the chain it was for ends at what is known
  // written, signed, and the next records go to a chain of their own.
  async #startNewChain(): Promise<void> {
    await this.checkpoint();
    this.#head = genesisOf(newWriter());
    this.#signed = this.#head;
  }

  async #keep(checkpoint: Checkpoint): Promise<boolean> {
    const { store, witness, log } = this.options;
    const keepers = [['database', store.appendCheckpoints([checkpoint])] as const, ...(witness ? [['witness', witness.append([checkpoint])] as const] : [])];
    const kept = await Promise.allSettled(keepers.map(([, keeping]) => keeping));
    kept.forEach((outcome, index) => {
      if (outcome.status === 'rejected') log.error({ keptBy: keepers[index]![0], driverError: driverErrorOf(outcome.reason) }, 'an audit checkpoint could not be kept');
    });
    return kept.some((outcome) => outcome.status === 'fulfilled');
  }
}

// A chain's name: the host, and when and which start of it, so that no two chains share one.
function newWriter(): string {
  return `${hostname()}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
