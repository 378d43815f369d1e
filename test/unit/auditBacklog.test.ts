import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AuditStore } from '../../src/audit/auditStore.js';
import { AuditTrail } from '../../src/audit/auditTrail.js';
import type { CheckpointSigner } from '../../src/audit/checkpoints.js';
import type { AccessEvent, ChainedRecord } from '../../src/audit/records.js';

const event = (requestId: string): AccessEvent => ({
  at: '2026-01-01T00:00:00.000Z', consumer: 'tester', institution: 'Tests', system: 'Suite', purpose: 'testing', legalBasis: null, caseReference: null,
  operationName: null, requestId, subjects: [{ personalNumber: '1000000001', fieldPaths: ['firstName'] }], hiddenUntil: null,
});

// A one-lane trail over a store whose writes finish when the test says so.
function trailOnHeldWrites() {
  const writes: Array<{ records: readonly ChainedRecord[]; done: () => void }> = [];
  const store = {
    append: (records: readonly ChainedRecord[]) => new Promise<void>((resolve) => writes.push({ records, done: resolve })),
    appendCheckpoints: async () => {},
  } as unknown as AuditStore;
  const signer = { sign: () => ({}) } as unknown as CheckpointSigner;
  return { trail: new AuditTrail({ store, signer, witness: null, checkpointSeconds: 3600, lanes: 1, log: pino({ level: 'silent' }) }), writes };
}

describe('the audit trail\'s writes', () => {
  it('counts the records waiting for a lane and those being written, and is empty once they are', async () => {
    const { trail, writes } = trailOnHeldWrites();
    expect(trail.backlog).toBe(0);

    const first = Promise.all([trail.record(event('r1')), trail.record(event('r2'))]);
    await new Promise((resolve) => setImmediate(resolve));
    // Two being written on the one lane; three more wait for it.
    const second = Promise.all([trail.record(event('r3')), trail.record(event('r4')), trail.record(event('r5'))]);
    expect(writes).toHaveLength(1);
    expect(trail.backlog).toBe(5);

    writes[0]!.done();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(2);
    expect(trail.backlog).toBe(3);
    writes[1]!.done();
    await second;
    expect(trail.backlog).toBe(0);
    await trail.close();
  });

  it('sends the next write as a lane comes free, before the requests whose records it wrote go on', async () => {
    const { trail, writes } = trailOnHeldWrites();
    const first = trail.record(event('r1')).then(() => writes.length);
    await new Promise((resolve) => setImmediate(resolve));
    const second = trail.record(event('r2'));
    expect(writes).toHaveLength(1);

    writes[0]!.done();
    // The request of r1 goes on only after the write of r2 was handed to the store.
    expect(await first).toBe(2);
    expect(writes[1]!.records.map(({ record }) => record.requestId)).toEqual(['r2']);
    writes[1]!.done();
    await second;
    await trail.close();
  });

  it('writes nothing for an answer that carried no one\'s data', async () => {
    const writes: Array<readonly ChainedRecord[]> = [];
    const store = { append: async (records: readonly ChainedRecord[]) => void writes.push(records), appendCheckpoints: async () => {} } as unknown as AuditStore;
    const trail = new AuditTrail({ store, signer: { sign: () => ({}) } as unknown as CheckpointSigner, witness: null, checkpointSeconds: 3600, lanes: 1, log: pino({ level: 'silent' }) });
    await trail.record({ ...event('r0'), subjects: [] });
    await trail.record(event('r1'));
    expect(writes.map((records) => records.map(({ record }) => record.requestId))).toEqual([['r1']]);
    await trail.close();
  });
});
