import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets kept in the database encrypted (AES-256-GCM), under keys from the configuration
 * (ENCRYPTION_KEYS="k2:<64 hex>,k1:<64 hex>": the first encrypts, every one decrypts, so keys
 * rotate). Each sealed value names its key: `enc:v1:<key id>:<iv>:<tag>:<ciphertext>`.
 */
export interface KeyRing {
  current: { id: string; key: Buffer };
  keys: Map<string, Buffer>;
}

const KEY_ENTRY = /^([A-Za-z0-9_-]{1,32}):([0-9a-fA-F]{64})$/;

/** The key ring of `ENCRYPTION_KEYS`, or what is wrong with it. */
export function parseKeyRing(text: string): KeyRing | string {
  const entries = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (!entries.length) return 'at least one key: "<id>:<64 hex characters>"';
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const match = KEY_ENTRY.exec(entry);
    if (!match) return `"${entry.split(':')[0]}:…" is not "<id>:<64 hex characters>" (32 random bytes)`;
    if (keys.has(match[1])) return `key id ${match[1]} appears twice`;
    keys.set(match[1], Buffer.from(match[2], 'hex'));
  }
  const [firstId] = keys.keys();
  return { current: { id: firstId, key: keys.get(firstId)! }, keys };
}

export function seal(ring: KeyRing | undefined, plaintext: string): string {
  if (!ring) return plaintext; // development without keys: stored as it is
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['enc', 'v1', ring.current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(':');
}

export function unseal(ring: KeyRing | undefined, stored: string): string {
  if (!stored.startsWith('enc:')) return stored; // stored before encryption, or in development without keys
  const [, version, keyId, iv, tag, ciphertext] = stored.split(':');
  if (version !== 'v1') throw new Error(`unknown sealed format ${version}`);
  const key = ring?.keys.get(keyId);
  if (!key) throw new Error(`no key ${keyId} in ENCRYPTION_KEYS to open this secret`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}
