import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { projectFile } from '../projectFiles.js';
import { ConsumersFileError, readJwksFile, type ConsumerRegistry } from './consumers.js';

/** The gateway's own config folder, shipped with the code: the consumers of the seed documents and their published keys. */
const SHIPPED_CONFIG_DIR = projectFile('config');
/** The consumers file the gateway ships, whose credentials are all published. */
export const SHIPPED_CONSUMERS_FILE = path.join(SHIPPED_CONFIG_DIR, 'consumers.json');
/** Where the published API keys of a consumers file are kept, beside it: consumer id to key. */
export const DEVELOPMENT_KEYS_FILE = 'development-keys.json';
/** The published signing key of a token issuer, beside its consumers file: `<consumer id>` then this. */
export const DEVELOPMENT_SIGNING_KEY_SUFFIX = '.development-key.json';

/** The consumers of a file that hold a credential published with the gateway, in the file's order. */
export interface PublishedCredentials {
  /** Consumers whose API key is one of the published development keys. */
  readonly apiKeys: readonly string[];
  /** Token issuers whose keys include the public half of a published signing key. */
  readonly signingKeys: readonly string[];
}

/**
 * Which consumers of `registry` hold a credential published in the gateway's own config folder,
 * whatever folder the consumers file itself is in. Issuers whose keys are served at a URL are not
 * fetched here: the gateway reads those on a token's first use.
 */
export async function publishedCredentialsOf(registry: ConsumerRegistry): Promise<PublishedCredentials> {
  const publishedKeys = JSON.parse(await readFile(path.join(SHIPPED_CONFIG_DIR, DEVELOPMENT_KEYS_FILE), 'utf8')) as Record<string, string>;
  const keyHolders = new Set(
    Object.values(publishedKeys).map((key) => registry.byKeyHash.get(createHash('sha256').update(key).digest('hex'))?.id),
  );
  const signingKeyFiles = (await readdir(SHIPPED_CONFIG_DIR)).filter((name) => name.endsWith(DEVELOPMENT_SIGNING_KEY_SUFFIX));
  const publishedThumbprints = new Set<string>();
  for (const name of signingKeyFiles) {
    publishedThumbprints.add(await calculateJwkThumbprint(JSON.parse(await readFile(path.join(SHIPPED_CONFIG_DIR, name), 'utf8')) as JWK));
  }
  const signers = new Set<string>();
  for (const { credential, consumer } of registry.jwtIssuers) {
    if (!('file' in credential.jwks)) continue;
    for (const key of (await readJwksFile(credential.jwks.file)).keys) {
      const thumbprint = await thumbprintOf(key);
      if (thumbprint !== null && publishedThumbprints.has(thumbprint)) signers.add(consumer.id);
    }
  }
  const ids = registry.consumers.map((consumer) => consumer.id);
  return { apiKeys: ids.filter((id) => keyHolders.has(id)), signingKeys: ids.filter((id) => signers.has(id)) };
}

/** Throws, naming each consumer and what of it is published, when `registry` holds a published credential. */
export async function refusePublishedCredentials(registry: ConsumerRegistry, file: string): Promise<void> {
  const { apiKeys, signingKeys } = await publishedCredentialsOf(registry);
  const held = [holders('the API key', apiKeys), holders('the token signing key', signingKeys)].filter((part) => part !== null);
  if (held.length === 0) return;
  throw new ConsumersFileError(
    `The consumers file ${file} holds published development credentials, refused in production: ${held.join('; ')}. `
      + 'Give each consumer a credential of its own (npm run consumers:generate; README, "Consumers, scopes and purposes").',
  );
}

// `the API keys of cra, payroll`, `the API key of cra`; null for no one.
function holders(credential: string, ids: readonly string[]): string | null {
  return ids.length === 0 ? null : `${credential}${ids.length > 1 ? 's' : ''} of ${ids.join(', ')}`;
}

// The public key's identity (RFC 7638), the same for a key pair's private and public halves. A key
// jose cannot fingerprint (an unknown type) is none of the published ones, which are EC keys.
async function thumbprintOf(jwk: JWK): Promise<string | null> {
  try {
    return await calculateJwkThumbprint(jwk);
  } catch {
    return null;
  }
}
