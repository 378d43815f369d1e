import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { withoutPersonalNumbers } from '../../src/domain.js';
import { createLogger, RequestLogger } from '../../src/logger.js';

// A logger writing its lines into `lines`, at once.
function capturing(lines: Array<Record<string, unknown>>) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return createLogger({ logLevel: 'info' }, sink);
}

describe("a request's logger", () => {
  it('makes its child only when it logs a line, and its lines carry the request id and are redacted', () => {
    const lines: Array<Record<string, unknown>> = [];
    const parent = capturing(lines);
    let children = 0;
    const counting = Object.assign(Object.create(parent) as typeof parent, {
      child: (...args: Parameters<typeof parent.child>) => ((children += 1), parent.child(...args)),
    });
    const log = new RequestLogger(counting, { requestId: 'payroll-batch-42' }, {});
    expect(children).toBe(0);
    log.error({ variables: { p: '1234567890' }, headers: { authorization: 'Bearer secret' }, path: ['citizen'] }, 'unexpected error');
    log.warn('slow');
    expect(children).toBe(1);
    expect(lines).toMatchObject([
      { requestId: 'payroll-batch-42', msg: 'unexpected error', variables: '[redacted]', headers: { authorization: '[redacted]' }, path: ['citizen'] },
      { requestId: 'payroll-batch-42', msg: 'slow' },
    ]);
  });

  it('keeps below its level what the level leaves out', () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = new RequestLogger(capturing(lines), { requestId: 'r-1' }, {});
    log.debug('detail');
    log.level = 'debug';
    log.debug('detail');
    expect(lines).toMatchObject([{ requestId: 'r-1', msg: 'detail', level: 20 }]);
  });
});

describe("a caller's own text as the gateway logs it", () => {
  it('loses every run of ten digits or more, however it is written around, and keeps the rest', () => {
    expect(withoutPersonalNumbers('Payroll_1797540345')).toBe('Payroll_[redacted]');
    expect(withoutPersonalNumbers('/x/1797540345/y')).toBe('/x/[redacted]/y');
    expect(withoutPersonalNumbers('batch-1797540345')).toBe('batch-[redacted]');
    expect(withoutPersonalNumbers('batch1797540345')).toBe('batch[redacted]');
    expect(withoutPersonalNumbers('PayrollX01797540345Y')).toBe('PayrollX[redacted]Y');
    expect(withoutPersonalNumbers('/x/%31%37%397540345')).toBe('/x/[redacted]');
    for (const kept of ['5f0c2a3e-1d2b-4c3d-8e9f-0a2b4c6d8e1f', 'subjects-a012345678', 'batch-42', '/x/%2F123456789']) expect(withoutPersonalNumbers(kept)).toBe(kept);
  });
});
