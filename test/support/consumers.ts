import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { generateConsumers, type GeneratedConsumers } from '../../src/auth/generateConsumers.js';
import { SCOPES } from '../../src/auth/scopes.js';

/** The consumers file the gateway ships, with the development keys the README publishes. */
export const SHIPPED_CONSUMERS_FILE = fileURLToPath(new URL('../../config/consumers.json', import.meta.url));
export const DEVELOPMENT_KEYS = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../config/development-keys.json', import.meta.url)), 'utf8'),
) as Record<string, string>;

/** The shipped consumers with credentials of their own, as `npm run consumers:generate` writes them: a file production takes. */
export async function generatedConsumers(): Promise<GeneratedConsumers> {
  return (await generateConsumers(path.join(mkdtempSync(path.join(tmpdir(), 'gw-generated-')), 'credentials')))!;
}

/** A key of the tests' own consumer, which holds every scope, reads for the purpose `testing` and may hide its reads. */
export const TESTER_KEY = `tester-${randomBytes(12).toString('hex')}`;
export const TEST_PURPOSE = 'testing';
/** The issuer and audience of the tests' citizen-portal tokens. */
export const TEST_PORTAL = { issuer: 'test-portal', audience: 'national-data-gateway' };

const portalKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const dir = mkdtempSync(path.join(tmpdir(), 'gw-consumers-'));
/** The public keys of the tests' citizen portal, as the portal publishes them. */
export const PORTAL_JWKS = { keys: [{ ...portalKeys.publicKey.export({ format: 'jwk' }), kid: 'test', alg: 'ES256' }] };
writeFileSync(path.join(dir, 'portal.jwks.json'), JSON.stringify(PORTAL_JWKS));

/** The tests' consumers file: the tester (every scope) and a citizen portal taking tokens. */
export const TEST_CONSUMERS_FILE = path.join(dir, 'consumers.json');
writeFileSync(
  TEST_CONSUMERS_FILE,
  JSON.stringify({
    consumers: [
      {
        id: 'tester',
        institution: 'Gateway tests',
        system: 'Integration suite',
        credentials: [{ type: 'api-key', sha256: createHash('sha256').update(TESTER_KEY).digest('hex') }],
        scopes: SCOPES,
        purposes: [TEST_PURPOSE],
        // The suites' own traffic is never limited; the rate-limit suite registers consumers of its own.
        rateLimit: { requests: 10_000_000, perSeconds: 1 },
        mayHideReads: true,
      },
      {
        id: 'portal',
        institution: 'Gateway tests',
        system: 'Citizen portal under test',
        credentials: [{ type: 'jwt', ...TEST_PORTAL, jwks: { file: 'portal.jwks.json' } }],
        scopes: ['identity', 'address', 'documents', 'vehicles', 'licences', 'access-log'],
        purposes: ['own-data'],
        rateLimit: { requests: 10_000_000, perSeconds: 1 },
        ownRecordOnly: true,
      },
    ],
  }),
);

/**
 * A consumers file's entry for a consumer of the tests with one API key, reading for the tests'
 * purpose; `entry` sets its scopes, rate limit and anything else.
 */
export function apiKeyConsumer(id: string, key: string, entry: { scopes: string[]; rateLimit: { requests: number; perSeconds: number } } & Record<string, unknown>) {
  return {
    id,
    institution: 'Gateway tests',
    system: id,
    credentials: [{ type: 'api-key', sha256: createHash('sha256').update(key).digest('hex') }],
    purposes: [TEST_PURPOSE],
    ...entry,
  };
}

/** The headers of a request by `key` reading for `purpose`. */
export function authHeaders(key = TESTER_KEY, purpose: string | null = TEST_PURPOSE): Record<string, string> {
  return { authorization: `Bearer ${key}`, ...(purpose === null ? {} : { 'x-purpose': purpose }) };
}

/** A citizen-portal token for `subject`, signed with the tests' portal key; `claims` override any claim. */
export async function portalToken(subject: string, claims: { issuer?: string; audience?: string; expiresIn?: string; purpose?: string } = {}): Promise<string> {
  return new SignJWT(claims.purpose ? { purpose: claims.purpose } : {})
    .setProtectedHeader({ alg: 'ES256', kid: 'test' })
    .setSubject(subject)
    .setIssuer(claims.issuer ?? TEST_PORTAL.issuer)
    .setAudience(claims.audience ?? TEST_PORTAL.audience)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '5m')
    .sign(portalKeys.privateKey);
}
