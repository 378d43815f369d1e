import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binds a sealed cursor to its use: the same key sealing something else would not open as a cursor.
const PURPOSE = Buffer.from('national-data-gateway cursor v1');

/**
 * Seals the position a page ends at into an opaque cursor, with authenticated encryption (AES-256-GCM)
 * under the configured key: a cursor shows nothing of its position (a personal number, a document
 * number), and one changed, forged, sealed under another key or for another list does not open. The
 * list (its field and arguments, the person whose it is) is authenticated with the cursor, not held in it.
 */
export class CursorSeal {
  readonly #key: Buffer;

  /** `keyHex` is 64 hex digits; every replica that may serve the next page needs the same. */
  constructor(keyHex: string) {
    this.#key = Buffer.from(keyHex, 'hex');
    if (this.#key.length !== 32) throw new RangeError('a cursor key is 32 bytes, written as 64 hex digits');
  }

  /** A key of its own: cursors then open only in this process, until it stops. */
  static withRandomKey(): CursorSeal {
    return new CursorSeal(randomBytes(32).toString('hex'));
  }

  /** The position in `list`, sealed. */
  seal(position: Readonly<Record<string, unknown>>, list: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv).setAAD(boundTo(list));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(position), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
  }

  /** The position a cursor holds, or null for anything this seal did not make for `list`. */
  open(cursor: string, list: string): Record<string, unknown> | null {
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key, bytes.subarray(0, IV_BYTES)).setAAD(boundTo(list));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      const position: unknown = JSON.parse(text);
      return typeof position === 'object' && position !== null && !Array.isArray(position) ? (position as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
}

// What a cursor is authenticated with: that it is a cursor, and of which list.
function boundTo(list: string): Buffer {
  return Buffer.concat([PURPOSE, Buffer.from(`\n${list}`, 'utf8')]);
}
