import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec, decryptPayloadsInJson, payloadToJson } from '@grants/temporal';
import { parseKeyRing } from '@grants/webhooks/secret-box';

const ring = (text: string) => {
  const parsed = parseKeyRing(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};
const k1 = `k1:${'11'.repeat(32)}`;
const k2 = `k2:${'22'.repeat(32)}`;
const input = { associationName: 'Femmes relais 93', amountCents: 80_000 };
const plain = () => defaultPayloadConverter.toPayload(input)!;
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

describe('Temporal payloads encrypted (AES-256-GCM)', () => {
  it('encrypts under the first key, naming it, and decrypts with any key of the ring, so keys rotate', async () => {
    const [encrypted] = await new EncryptionCodec(ring(k1)).encode([plain()]);
    expect(text(encrypted.metadata?.encoding)).toBe('binary/encrypted');
    expect(text(encrypted.metadata?.['encryption-key-id'])).toBe('k1');
    expect(text(encrypted.data)).not.toContain('Femmes relais');
    const [decoded] = await new EncryptionCodec(ring(`${k2},${k1}`)).decode([encrypted]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(input);
    const [again] = await new EncryptionCodec(ring(`${k2},${k1}`)).encode([plain()]);
    expect(text(again.metadata?.['encryption-key-id'])).toBe('k2');
    await expect(new EncryptionCodec(ring(k2)).decode([encrypted])).rejects.toThrow(/under key "k1", which ENCRYPTION_KEYS does not hold/);
  });

  it('refuses a payload altered in storage, and lets through payloads written before encryption', async () => {
    const codec = new EncryptionCodec(ring(k1));
    const [encrypted] = await codec.encode([plain()]);
    const altered = Buffer.from(encrypted.data!);
    altered[20] ^= 1;
    await expect(codec.decode([{ ...encrypted, data: altered }])).rejects.toThrow();
    const [untouched] = await codec.decode([plain()]);
    expect(defaultPayloadConverter.fromPayload(untouched)).toEqual(input);
  });

  it('decrypts every payload of a history in its JSON form, wherever it sits', async () => {
    const [encrypted] = await new EncryptionCodec(ring(k1)).encode([plain()]);
    const history = {
      events: [
        { eventId: '1', workflowExecutionStartedEventAttributes: { input: { payloads: [payloadToJson(encrypted)] } } },
        { eventId: '2', activityTaskCompletedEventAttributes: { result: { payloads: [payloadToJson(plain())] } } },
      ],
    };
    const decrypted = decryptPayloadsInJson(ring(k1), history);
    expect(JSON.stringify(history)).not.toContain(Buffer.from('Femmes relais').toString('base64').slice(0, 12));
    const [started, completed] = decrypted.events.map((e) => Object.values(e)[1] as { input?: { payloads: unknown[] }; result?: { payloads: unknown[] } });
    expect(started.input!.payloads[0]).toEqual(payloadToJson(plain()));
    expect(completed.result!.payloads[0]).toEqual(payloadToJson(plain()));
    expect(() => decryptPayloadsInJson(undefined, history)).toThrow(/ENCRYPTION_KEYS does not hold/);
  });
});
