import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { loadConsumers } from './consumers.js';
import { SHIPPED_CONSUMERS_FILE } from './developmentCredentials.js';

/** The name of the consumers file the generator writes. */
export const GENERATED_CONSUMERS_FILE = 'consumers.json';
/** The name of the file holding the new API keys, by consumer id, readable by its owner only. */
export const GENERATED_KEYS_FILE = 'keys.json';

/** What the generator wrote, and where each new secret is. */
export interface GeneratedConsumers {
  readonly consumersFile: string;
  /** The new API keys, by consumer id, as written to `keysFile`. */
  readonly apiKeys: Readonly<Record<string, string>>;
  readonly keysFile: string;
  /** The private signing key (a JWK, readable by its owner only) of each token issuer, by consumer id (`<id>-2` for its second). */
  readonly signingKeyFiles: Readonly<Record<string, string>>;
}

// Shaped as the shipped file, which `loadConsumers` has checked; only the credentials are replaced.
interface ShippedEntry {
  id: string;
  credentials: Array<{ type: 'api-key' } | { type: 'jwt'; issuer: string; audience: string }>;
  [field: string]: unknown;
}

const OWNER_ONLY = 0o600;
const READABLE = 0o644;

/**
 * Writes into `dir` the shipped consumers, with their scopes, purposes and rate limits, each with a
 * credential of its own: a random API key (the file holds its SHA-256; the key goes to `keys.json`)
 * or, for a token issuer, a new ES256 key pair (the public JWKS beside the file, the private JWK
 * readable by its owner only). Writes nothing and returns null when `dir` already holds a consumers
 * file; throws, naming it, when it holds another file it would write.
 */
export async function generateConsumers(dir: string): Promise<GeneratedConsumers | null> {
  await loadConsumers(SHIPPED_CONSUMERS_FILE);
  const shipped = JSON.parse(await readFile(SHIPPED_CONSUMERS_FILE, 'utf8')) as { consumers: ShippedEntry[] };
  await mkdir(dir, { recursive: true });
  const present = new Set(await readdir(dir));
  if (present.has(GENERATED_CONSUMERS_FILE)) return null;

  const apiKeys: Record<string, string> = {};
  const signingKeyFiles: Record<string, string> = {};
  // Written last, so that a consumers file in `dir` means every file beside it was written too.
  const files = new Map<string, { content: unknown; mode: number }>();
  const consumers: Array<Record<string, unknown>> = [];
  for (const entry of shipped.consumers) {
    const credentials: unknown[] = [];
    let issuers = 0;
    for (const credential of entry.credentials) {
      if (credential.type === 'api-key') {
        // One key per consumer, as keys.json holds it.
        if (apiKeys[entry.id] !== undefined) continue;
        const key = `${entry.id}-${randomBytes(24).toString('base64url')}`;
        apiKeys[entry.id] = key;
        credentials.push({ type: 'api-key', sha256: createHash('sha256').update(key).digest('hex') });
        continue;
      }
      const name = issuers++ === 0 ? entry.id : `${entry.id}-${issuers}`;
      const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
      const publicJwk = await exportJWK(publicKey);
      const kid = await calculateJwkThumbprint(publicJwk);
      files.set(`${name}.jwks.json`, { content: { keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] }, mode: READABLE });
      files.set(`${name}.private-key.json`, { content: { ...(await exportJWK(privateKey)), kid, alg: 'ES256' }, mode: OWNER_ONLY });
      signingKeyFiles[name] = path.join(dir, `${name}.private-key.json`);
      credentials.push({ type: 'jwt', issuer: credential.issuer, audience: credential.audience, jwks: { file: `${name}.jwks.json` } });
    }
    consumers.push({ ...entry, credentials });
  }
  files.set(GENERATED_KEYS_FILE, { content: apiKeys, mode: OWNER_ONLY });
  // Without `developmentKeys`: none of its keys is published.
  files.set(GENERATED_CONSUMERS_FILE, { content: { consumers }, mode: READABLE });

  const existing = [...files.keys()].filter((name) => present.has(name));
  if (existing.length > 0) {
    throw new Error(`${dir} already holds ${existing.join(', ')} but no ${GENERATED_CONSUMERS_FILE}: remove them, or write into another folder`);
  }
  // `wx`: a file that appeared meanwhile is never overwritten.
  for (const [name, { content, mode }] of files) {
    await writeFile(path.join(dir, name), `${JSON.stringify(content, null, 2)}\n`, { flag: 'wx', mode });
  }
  return { consumersFile: path.join(dir, GENERATED_CONSUMERS_FILE), apiKeys, keysFile: path.join(dir, GENERATED_KEYS_FILE), signingKeyFiles };
}
