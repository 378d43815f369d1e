import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importJWK, SignJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { Authenticator } from '../../src/auth/authenticate.js';
import { consumerOfApiKey, loadConsumers, type Consumer } from '../../src/auth/consumers.js';
import { publishedCredentialsOf } from '../../src/auth/developmentCredentials.js';
import { generateConsumers } from '../../src/auth/generateConsumers.js';
import { SHIPPED_CONSUMERS_FILE } from '../support/consumers.js';

const freshDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'generated-consumers-')), 'credentials');
const mandate = (consumer: Consumer) => ({ ...consumer, scopes: [...consumer.scopes], purposes: [...consumer.purposes] });
const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('generating consumers', () => {
  it('gives the shipped consumers, with the same mandates, credentials of their own that none of the published ones is', async () => {
    const dir = freshDir();
    const generated = (await generateConsumers(dir))!;
    const shipped = await loadConsumers(SHIPPED_CONSUMERS_FILE);
    const registry = await loadConsumers(generated.consumersFile);
    expect(registry.consumers.map(mandate)).toEqual(shipped.consumers.map(mandate));
    expect(registry.developmentKeys).toBe(false);
    expect(await publishedCredentialsOf(registry)).toEqual({ apiKeys: [], signingKeys: [] });

    // Each API key is the one its consumer's hash stands for, and only the keys file holds it.
    expect(JSON.parse(readFileSync(generated.keysFile, 'utf8'))).toEqual(generated.apiKeys);
    expect(Object.keys(generated.apiKeys)).toEqual(['cra', 'payroll', 'procurement', 'cec', 'police', 'sms-reminders', 'developer']);
    for (const [id, key] of Object.entries(generated.apiKeys)) {
      expect(consumerOfApiKey(registry, key)?.id).toBe(id);
      expect(readFileSync(generated.consumersFile, 'utf8')).not.toContain(key);
    }
    expect(modeOf(generated.keysFile)).toBe(0o600);
    expect(modeOf(generated.signingKeyFiles['citizen-portal']!)).toBe(0o600);

    // A token signed with the portal's new private key is taken by a production gateway.
    const jwk = JSON.parse(readFileSync(generated.signingKeyFiles['citizen-portal']!, 'utf8')) as JWK;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid! })
      .setSubject('1797540345')
      .setIssuer('citizen-portal')
      .setAudience('national-data-gateway')
      .setExpirationTime('5m')
      .sign(await importJWK(jwk, 'ES256'));
    const caller = await (await Authenticator.create(registry, true)).authenticate({ authorization: `Bearer ${token}` });
    expect(caller).toMatchObject({ consumer: { id: 'citizen-portal' }, subject: '1797540345' });
  });

  it('writes nothing into a folder that already holds a consumers file: only the first start generates', async () => {
    const dir = freshDir();
    const first = (await generateConsumers(dir))!;
    const before = readFileSync(first.keysFile, 'utf8');
    expect(await generateConsumers(dir)).toBeNull();
    expect(readFileSync(first.keysFile, 'utf8')).toBe(before);
  });

  it('overwrites no file it would write, naming the ones it found', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'keys.json'), '{"mine": "keep me"}');
    await expect(generateConsumers(dir)).rejects.toThrow(`${dir} already holds keys.json but no consumers.json`);
    expect(readdirSync(dir)).toEqual(['keys.json']);
    expect(readFileSync(path.join(dir, 'keys.json'), 'utf8')).toBe('{"mine": "keep me"}');
  });
});
