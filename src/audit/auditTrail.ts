import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { AuditUnavailableError, driverErrorOf } from '../errors.js';
import { MAX_RECORDS_PER_APPEND, type AuditStore } from './auditStore.js';
import type { Checkpoint, CheckpointSigner } from './checkpoints.js';
import { chained, genesisOf, type AccessEvent, type ChainHead } from './records.js';
import type { WitnessDirectory } from './witness.js';

// Events waiting for a write together, and the one promise their requests wait on.
interface Batch {
  events: AccessEvent[];
  written: Promise<void>;
  settle: (error?: unknown) => void;
}

// One chain this process writes: its head, the head last signed, and the write under way with its records.
interface Lane {
  head: ChainHead;
  signed: ChainHead;
  writing: Promise<void> | null;
  inFlight: number;
}

export interface AuditTrailOptions {
  store: AuditStore;
  signer: CheckpointSigner;
  /** Where checkpoints are kept besides the database; null keeps them in the database alone. */
  witness: WitnessDirectory | null;
  /** How often the chains' heads are signed when they moved. */
  checkpointSeconds: number;
  /** How many chains this process writes at once, each one write at a time. */
  lanes: number;
  log: Logger;
  /** Told of every write: whether it succeeded, how long it took, and how many records it held. */
  onWrite?: (ok: boolean, ms: number, records: number) => void;
}

/** What answers wait on before they leave: their access event recorded. */
export interface AccessRecorder {
  /** Resolves once the event is stored; rejects with `AuditUnavailableError` when it could not be. */
  record(event: AccessEvent): Promise<void>;
}

/**
 * Records access events before answers leave, on chains of this process's own: their heads are known
 * here, so a write is one statement, nothing read back and no lock another replica waits on. A chain
 * takes one write at a time; the process writes a few chains (lanes) at once, so that while one write
 * commits the next requests' records already go out on another. The events waiting when a lane comes
 * free are written together, up to what one statement takes, and each request learns whether its own
 * were. Every few seconds the heads that moved are signed into checkpoints kept in the database and by
 * the witness.
 */
export class AuditTrail implements AccessRecorder {
  // Oldest first; each as large as one write takes.
  readonly #waiting: Batch[] = [];
  #dispatchScheduled = false;
  readonly #lanes: Lane[];
  #checkpointing: Promise<void> | null = null;
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly options: AuditTrailOptions) {
    this.#lanes = Array.from({ length: options.lanes }, () => {
      const head = genesisOf(newWriter());
      return { head, signed: head, writing: null, inFlight: 0 };
    });
    this.#timer = setInterval(() => void this.checkpoint(), options.checkpointSeconds * 1000).unref();
  }

  /** The access records not yet written: waiting for a lane, or in a write under way. */
  get backlog(): number {
    return this.#waiting.reduce((sum, batch) => sum + batch.events.length, 0) + this.#lanes.reduce((sum, lane) => sum + lane.inFlight, 0);
  }

  /** The chains this process writes now. */
  get writers(): string[] {
    return this.#lanes.map((lane) => lane.head.writer);
  }

  /** Resolves once the event is stored; rejects with `AuditUnavailableError` when it could not be. */
  record(event: AccessEvent): Promise<void> {
    // An answer that carried no one's data leaves no record.
    if (event.subjects.length === 0) return Promise.resolve();
    let batch = this.#waiting.at(-1);
    if (batch === undefined || batch.events.length === MAX_RECORDS_PER_APPEND) this.#waiting.push((batch = newBatch()));
    batch.events.push(event);
    this.#scheduleDispatch();
    return batch.written;
  }

  // The write waits for the rest of this turn of the event loop: every request answered in it joins
  // the same write, instead of the first going alone and the others waiting for it to commit.
  #scheduleDispatch(): void {
    if (this.#dispatchScheduled) return;
    this.#dispatchScheduled = true;
    setImmediate(() => {
      this.#dispatchScheduled = false;
      this.#dispatch();
    });
  }

  // Each free lane takes the oldest batch waiting; a lane that comes free looks again, so nothing is stranded.
  #dispatch(): void {
    for (const lane of this.#lanes) {
      if (lane.writing !== null) continue;
      const batch = this.#waiting.shift();
      if (batch === undefined) return;
      lane.inFlight = batch.events.length;
      lane.writing = this.#write(lane, batch);
    }
  }

  // A lane that comes free hands the next batch to the store at once, before the requests of the one
  // it wrote go on, instead of after them and the rest of this turn of the event loop.
  #free(lane: Lane): void {
    lane.writing = null;
    this.#dispatch();
  }

  /** Signs the heads that moved since they were last signed, and hands the checkpoints to the witness. */
  checkpoint(): Promise<void> {
    this.#checkpointing ??= this.#signHeads().finally(() => (this.#checkpointing = null));
    return this.#checkpointing;
  }

  async #signHeads(): Promise<void> {
    const moved = this.#lanes.filter(unsigned).map((lane) => ({ lane, head: lane.head }));
    if (moved.length === 0) return;
    // Kept anywhere, they count; kept nowhere, the next round signs again.
    if (await this.#keep(moved.map(({ head }) => this.options.signer.sign(head, 'head')))) {
      for (const { lane, head } of moved) if (lane.head.writer === head.writer) lane.signed = head;
    }
  }

  /** Lets the waiting records be written, then signs the heads a last time. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    for (this.#dispatch(); this.#busyLanes().length > 0; this.#dispatch()) await Promise.all(this.#busyLanes());
    await this.checkpoint();
  }

  #busyLanes(): Array<Promise<void>> {
    return this.#lanes.flatMap((lane) => (lane.writing ? [lane.writing] : []));
  }

  async #write(lane: Lane, batch: Batch): Promise<void> {
    const { records, head } = chained(batch.events, lane.head);
    const started = performance.now();
    try {
      await this.options.store.append(records);
    } catch (error) {
      lane.inFlight = 0;
      this.options.onWrite?.(false, performance.now() - started, records.length);
      batch.settle(error instanceof AuditUnavailableError ? error : new AuditUnavailableError('write', driverErrorOf(error)));
      try {
        await this.#startNewChain(lane);
      } finally {
        this.#free(lane);
      }
      return;
    }
    lane.head = head;
    // Written: off the backlog before the requests waiting on them go on.
    lane.inFlight = 0;
    this.options.onWrite?.(true, performance.now() - started, records.length);
    this.#free(lane);
    batch.settle();
  }

  // Whether a failed write reached the database is unknown: the chain it was for ends at what is known
  // written, signed, and the lane's next records start a chain of their own.
  async #startNewChain(lane: Lane): Promise<void> {
    await this.checkpoint();
    // A round already under way when the write failed may have signed an older head.
    if (unsigned(lane)) await this.checkpoint();
    lane.head = genesisOf(newWriter());
    lane.signed = lane.head;
  }

  async #keep(checkpoints: Checkpoint[]): Promise<boolean> {
    const { store, witness, log } = this.options;
    const keepers = [['database', store.appendCheckpoints(checkpoints)] as const, ...(witness ? [['witness', witness.append(checkpoints)] as const] : [])];
    const kept = await Promise.allSettled(keepers.map(([, keeping]) => keeping));
    kept.forEach((outcome, index) => {
      if (outcome.status === 'rejected') log.error({ keptBy: keepers[index]![0], driverError: driverErrorOf(outcome.reason) }, 'an audit checkpoint could not be kept');
    });
    return kept.some((outcome) => outcome.status === 'fulfilled');
  }
}

function newBatch(): Batch {
  let settle!: Batch['settle'];
  const written = new Promise<void>((resolve, reject) => (settle = (error) => (error === undefined ? resolve() : reject(error))));
  return { events: [], written, settle };
}

// Whether the lane's head moved since it was last signed.
function unsigned(lane: Lane): boolean {
  return lane.head.writer !== lane.signed.writer || lane.head.seq !== lane.signed.seq;
}

// A chain's name: the host, and when and which start of it, so that no two chains share one.
function newWriter(): string {
  return `${hostname()}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
