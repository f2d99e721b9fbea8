import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { KeyRing } from '@grants/webhooks/secret-box';

/**
 * Every payload the platform hands to Temporal (workflow inputs, update arguments, results, query
 * answers, activity inputs and results) is encrypted before it leaves the process: AES-256-GCM under
 * the first key of ENCRYPTION_KEYS, the key's id in the payload's metadata so that keys rotate (every
 * key of the ring decrypts). Temporal's server, its UI and its CLI, and the histories archived in
 * PostgreSQL, hold only ciphertext; the platform's processes, and the codec endpoint for the UI,
 * decode it. Payloads written before encryption was configured pass through unchanged.
 */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly ring: KeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => encryptPayload(this.ring, payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => decryptPayload(this.ring, payload));
  }
}

export function encryptPayload(ring: KeyRing, payload: Payload): Payload {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(ring.current.id) },
    data: Buffer.concat([iv, ciphertext, cipher.getAuthTag()]),
  };
}

/** The payload as it was before encryption; a payload that is not encrypted is returned as it is. */
export function decryptPayload(ring: KeyRing | undefined, payload: Payload): Payload {
  if (text(payload.metadata?.encoding) !== ENCRYPTED_ENCODING) return payload;
  const keyId = text(payload.metadata?.[KEY_ID_METADATA]) ?? '';
  const key = ring?.keys.get(keyId);
  if (!key) throw new Error(`a Temporal payload is encrypted under key "${keyId}", which ENCRYPTION_KEYS does not hold`);
  const data = Buffer.from(payload.data ?? new Uint8Array());
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  const plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
  const decoded = temporal.api.common.v1.Payload.decode(plaintext);
  return { metadata: decoded.metadata, data: decoded.data };
}

/** The data converter of every Temporal client and worker of the platform: encrypting when ENCRYPTION_KEYS is set. */
export function dataConverterOf(ring: KeyRing | undefined): DataConverter {
  return ring ? { payloadCodecs: [new EncryptionCodec(ring)] } : {};
}

/** A payload in the JSON form of histories and of Temporal's remote codec protocol: base64 metadata and data. */
export interface PayloadJson {
  metadata?: Record<string, string>;
  data?: string;
}

export function payloadFromJson(json: PayloadJson): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(json.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(json.data ?? '', 'base64'),
  };
}

export function payloadToJson(payload: Payload): PayloadJson {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}

const ENCRYPTED_BASE64 = Buffer.from(ENCRYPTED_ENCODING).toString('base64');

/**
 * A history (or any JSON holding payloads) with every encrypted payload replaced by its plaintext,
 * for the audit's replay and timeline, and for the histories handed to an auditor. The input is not changed.
 */
export function decryptPayloadsInJson<T>(ring: KeyRing | undefined, value: T): T {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const object = node as Record<string, unknown>;
    const metadata = object.metadata as Record<string, unknown> | undefined;
    if (metadata && typeof metadata === 'object' && metadata.encoding === ENCRYPTED_BASE64) {
      return payloadToJson(decryptPayload(ring, payloadFromJson(object as PayloadJson)));
    }
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, visit(v)]));
  };
  return visit(value) as T;
}
