import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChainHead } from './records.js';

/**
 * A chain's head, signed by the writer with a key the audit database never holds. `head`: the chain
 * had reached this record. `retention`: the chain's records up to this one were removed by a lawful
 * prune, and the next one follows this hash.
 */
export interface Checkpoint extends ChainHead {
  kind: 'head' | 'retention';
  /** When it was signed, ISO 8601 in UTC. */
  at: string;
  /** The signing key's id: the start of the SHA-256 of its public key. */
  keyId: string;
  /** Ed25519 over the other fields, base64. */
  signature: string;
}

/** Whether `value` names a kind of checkpoint. */
export function isCheckpointKind(value: unknown): value is Checkpoint['kind'] {
  return value === 'head' || value === 'retention';
}

/** `value` as a checkpoint when it has a checkpoint's fields, each of its type; null otherwise. */
export function checkpointOf(value: unknown): Checkpoint | null {
  if (typeof value !== 'object' || value === null) return null;
  const { writer, seq, hash, kind, at, keyId, signature } = value as Record<string, unknown>;
  const texts = [writer, hash, at, keyId, signature];
  if (!texts.every((text) => typeof text === 'string') || !Number.isSafeInteger(seq) || (seq as number) < 0 || !isCheckpointKind(kind)) return null;
  return { writer, seq, hash, kind, at, keyId, signature } as Checkpoint;
}

// What is signed: every field but the signature, each with its length before it.
function signedBytes(checkpoint: Omit<Checkpoint, 'signature'>): Buffer {
  const values = ['national-data-gateway audit checkpoint v1', checkpoint.kind, checkpoint.writer, String(checkpoint.seq), checkpoint.hash, checkpoint.at, checkpoint.keyId];
  return Buffer.from(values.map((value) => `${value.length}:${value}`).join(''));
}

function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Signs checkpoints with the writer's Ed25519 private key. */
export class CheckpointSigner {
  readonly keyId: string;

  private constructor(private readonly privateKey: KeyObject) {
    this.keyId = keyIdOf(createPublicKey(privateKey));
  }

  /** The signer of the PEM private key in `file`. */
  static async fromFile(file: string): Promise<CheckpointSigner> {
    const key = createPrivateKey(await readFile(file, 'utf8'));
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an Ed25519 private key`);
    return new CheckpointSigner(key);
  }

  /** Signs `head` as it stands at `at`. */
  sign(head: ChainHead, kind: Checkpoint['kind'], at = new Date().toISOString()): Checkpoint {
    const unsigned = { writer: head.writer, seq: head.seq, hash: head.hash, kind, at, keyId: this.keyId };
    return { ...unsigned, signature: sign(null, signedBytes(unsigned), this.privateKey).toString('base64') };
  }
}

/** The public keys whose checkpoints are trusted: the writers' published keys. */
export class CheckpointKeys {
  private constructor(private readonly keys: ReadonlyMap<string, KeyObject>) {}

  /** The keys in these PEM files (public keys, or private keys whose public half is taken). */
  static async fromFiles(files: readonly string[]): Promise<CheckpointKeys> {
    const keys = new Map<string, KeyObject>();
    for (const file of files) {
      const key = createPublicKey(await readFile(file, 'utf8'));
      keys.set(keyIdOf(key), key);
    }
    return new CheckpointKeys(keys);
  }

  /** Whether a known key signed `checkpoint` as it stands. */
  signed(checkpoint: Checkpoint): boolean {
    const key = this.keys.get(checkpoint.keyId);
    if (!key) return false;
    const { signature, ...unsigned } = checkpoint;
    try {
      return verify(null, signedBytes(unsigned), key, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  }
}

/**
 * Writes a new Ed25519 key pair: the private key to `file` (readable by its owner alone) and the public
 * key beside it, `<file>.pub`, to publish. Refuses to replace an existing key: throws EEXIST.
 */
export async function writeSigningKey(file: string): Promise<{ privateKeyFile: string; publicKeyFile: string }> {
  await mkdir(path.dirname(file), { recursive: true });
  // Written aside and linked into place, so that a process starting beside this one reads a whole key or none.
  const aside = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(aside, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  try {
    await link(aside, file);
  } finally {
    await unlink(aside);
  }
  return { privateKeyFile: file, publicKeyFile: await writePublicKey(file) };
}

/** The key in `file`, made there first if there is none (over synthetic data, where no one published one). */
export async function signingKeyMadeIfMissing(file: string): Promise<CheckpointSigner> {
  try {
    await writeSigningKey(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  await writePublicKey(file);
  return CheckpointSigner.fromFile(file);
}

// The public half of the key in `file`, written beside it as `<file>.pub`.
async function writePublicKey(file: string): Promise<string> {
  const publicKeyFile = `${file}.pub`;
  const aside = `${publicKeyFile}.${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(aside, createPublicKey(await readFile(file, 'utf8')).export({ type: 'spki', format: 'pem' }));
  await rename(aside, publicKeyFile);
  return publicKeyFile;
}
