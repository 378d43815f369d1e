import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsumersFileError, loadConsumers } from '../../src/auth/consumers.js';
import { DEVELOPMENT_KEYS, SHIPPED_CONSUMERS_FILE } from '../support/consumers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'consumers-unit-'));
const HASH = 'a'.repeat(64);

/** The error loading `content` as a consumers file gives. */
async function refusalOf(content: unknown): Promise<string> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  try {
    await loadConsumers(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConsumersFileError);
    return (error as Error).message;
  }
  throw new Error('expected the consumers file to be refused');
}

const entry = (overrides: Record<string, unknown> = {}) => ({
  id: 'payroll',
  institution: 'Ministry of Finance',
  system: 'Payroll',
  credentials: [{ type: 'api-key', sha256: HASH }],
  scopes: ['identity'],
  purposes: ['payroll-verification'],
  rateLimit: { requests: 600, perSeconds: 60 },
  ...overrides,
});

describe('the shipped consumers file', () => {
  it('registers the systems of the seed documents with their mandates', async () => {
    const registry = await loadConsumers(SHIPPED_CONSUMERS_FILE);
    const mandates = Object.fromEntries(registry.consumers.map((consumer) => [consumer.id, [...consumer.scopes].sort()]));
    const every = ['access-log', 'address', 'companies', 'documents', 'electoral-roll', 'family', 'identity', 'licences', 'schema', 'vehicles', 'verification'];
    expect(mandates).toEqual({
      cra: every.filter((scope) => scope !== 'electoral-roll'),
      payroll: ['address', 'identity', 'verification'],
      procurement: ['companies', 'identity', 'verification'],
      cec: ['address', 'electoral-roll', 'identity'],
      police: ['address', 'companies', 'documents', 'identity', 'licences', 'vehicles'],
      'sms-reminders': ['documents', 'identity', 'licences'],
      'citizen-portal': ['access-log', 'address', 'documents', 'identity', 'licences', 'vehicles'],
      developer: every,
    });
    const byId = new Map(registry.consumers.map((consumer) => [consumer.id, consumer]));
    expect(byId.get('developer')?.developmentOnly).toBe(true);
    expect(byId.get('citizen-portal')?.ownRecordOnly).toBe(true);
    expect(registry.consumers.filter((consumer) => consumer.mayHideReads).map((consumer) => consumer.id)).toEqual(['police']);
    expect(registry.jwtIssuers.map(({ consumer }) => consumer.id)).toEqual(['citizen-portal']);
    expect(registry.developmentKeys).toBe(true);
  });

  it('holds the hash of each published development key, for the consumer it names', async () => {
    const registry = await loadConsumers(SHIPPED_CONSUMERS_FILE);
    for (const [id, key] of Object.entries(DEVELOPMENT_KEYS)) {
      expect(registry.byKeyHash.get(createHash('sha256').update(key).digest('hex'))?.id).toBe(id);
    }
    expect(Object.keys(DEVELOPMENT_KEYS).sort()).toEqual(['cec', 'cra', 'developer', 'payroll', 'police', 'procurement', 'sms-reminders']);
  });
});

describe('a consumers file', () => {
  it.each([
    ['an unknown scope', { consumers: [entry({ scopes: ['identity', 'everything'] })] }, 'consumers.0.scopes.1'],
    ['a key stored in the clear', { consumers: [entry({ credentials: [{ type: 'api-key', sha256: 'secret-key' }] })] }, 'consumers.0.credentials.0.sha256'],
    ['an unknown field', { consumers: [entry({ superuser: true })] }, 'consumers.0'],
    ['no consumers', { consumers: [] }, 'consumers'],
    ['a token issuer without keys', { consumers: [entry({ credentials: [{ type: 'jwt', issuer: 'portal', audience: 'gateway' }] })] }, 'consumers.0.credentials.0.jwks'],
  ])('with %s is refused, naming where', async (_, content, where) => {
    expect(await refusalOf(content)).toContain(where);
  });

  it('is refused when two consumers share an id or a key', async () => {
    expect(await refusalOf({ consumers: [entry(), entry()] })).toContain('consumer id payroll appears twice');
    expect(await refusalOf({ consumers: [entry(), entry({ id: 'cec' })] })).toContain('consumer cec shares an API key');
  });

  it('is refused when a consumer limited to its own record could call with an API key, which names no subject', async () => {
    expect(await refusalOf({ consumers: [entry({ ownRecordOnly: true })] })).toContain('may hold token credentials only');
  });

  it('that cannot be read, or is not JSON, is refused with a message naming the file', async () => {
    await expect(loadConsumers(path.join(dir, 'missing.json'))).rejects.toThrow(/missing\.json cannot be read/);
    expect(await refusalOf('{ "consumers": [')).toContain('is not valid JSON');
  });
});
