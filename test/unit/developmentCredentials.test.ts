import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConsumersFileError, loadConsumers } from '../../src/auth/consumers.js';
import { publishedCredentialsOf, refusePublishedCredentials } from '../../src/auth/developmentCredentials.js';
import { DEVELOPMENT_KEYS, SHIPPED_CONSUMERS_FILE, TEST_CONSUMERS_FILE } from '../support/consumers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'published-credentials-'));
const PUBLISHED_JWKS = readFileSync(fileURLToPath(new URL('../../config/citizen-portal.jwks.json', import.meta.url)), 'utf8');
const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const freshKeyHash = () => sha256(randomBytes(24).toString('hex'));

const consumer = (id: string, credential: Record<string, unknown>, flags: Record<string, boolean> = {}) => ({
  id,
  institution: 'Institution',
  system: 'System',
  credentials: [credential],
  scopes: ['identity'],
  purposes: ['checking'],
  rateLimit: { requests: 600, perSeconds: 60 },
  ...flags,
});
const apiKeyConsumer = (id: string, sha: string) => consumer(id, { type: 'api-key', sha256: sha });
const tokenConsumer = (id: string, jwksFile: string) =>
  consumer(id, { type: 'jwt', issuer: id, audience: 'national-data-gateway', jwks: { file: jwksFile } }, { ownRecordOnly: true });

/** The refusal a production gateway gives for a consumers file of `consumers`, or null when it accepts it. */
async function refusalOf(consumers: unknown[]): Promise<string | null> {
  const file = path.join(dir, `${randomBytes(6).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify({ consumers }));
  try {
    await refusePublishedCredentials(await loadConsumers(file), file);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ConsumersFileError);
    return (error as Error).message;
  }
}

describe('published development credentials', () => {
  it('are all found in the shipped consumers file, which production refuses naming every consumer', async () => {
    const registry = await loadConsumers(SHIPPED_CONSUMERS_FILE);
    expect(await publishedCredentialsOf(registry)).toEqual({
      apiKeys: ['cra', 'payroll', 'procurement', 'cec', 'police', 'sms-reminders', 'developer'],
      signingKeys: ['citizen-portal'],
    });
    await expect(refusePublishedCredentials(registry, SHIPPED_CONSUMERS_FILE)).rejects.toThrow(
      `The consumers file ${SHIPPED_CONSUMERS_FILE} holds published development credentials, refused in production: `
        + 'the API keys of cra, payroll, procurement, cec, police, sms-reminders, developer; the token signing key of citizen-portal. '
        + 'Give each consumer a credential of its own',
    );
  });

  it('are none of the tests\' own consumers, with random keys: production accepts their file', async () => {
    const registry = await loadConsumers(TEST_CONSUMERS_FILE);
    expect(await publishedCredentialsOf(registry)).toEqual({ apiKeys: [], signingKeys: [] });
    await expect(refusePublishedCredentials(registry, TEST_CONSUMERS_FILE)).resolves.toBeUndefined();
  });

  it('are found by the key, under whatever consumer holds it: one among fresh keys names just that consumer', async () => {
    const message = await refusalOf([
      apiKeyConsumer('payroll', freshKeyHash()),
      apiKeyConsumer('treasury', sha256(DEVELOPMENT_KEYS.payroll!)),
      apiKeyConsumer('cec', freshKeyHash()),
    ]);
    expect(message).toContain('refused in production: the API key of treasury. Give');
    expect(message).not.toMatch(/payroll|cec|signing/);
  });

  it('are found in a token issuer\'s JWKS holding the published public key beside keys of its own', async () => {
    const own = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    const published = JSON.parse(PUBLISHED_JWKS) as { keys: unknown[] };
    writeFileSync(path.join(dir, 'mixed.jwks.json'), JSON.stringify({ keys: [{ ...own, kid: 'own' }, ...published.keys] }));
    writeFileSync(path.join(dir, 'own.jwks.json'), JSON.stringify({ keys: [{ ...own, kid: 'own' }] }));
    expect(await refusalOf([tokenConsumer('portal', 'mixed.jwks.json'), apiKeyConsumer('payroll', freshKeyHash())])).toContain(
      'refused in production: the token signing key of portal. Give',
    );
    expect(await refusalOf([tokenConsumer('portal', 'own.jwks.json')])).toBeNull();
  });
});
