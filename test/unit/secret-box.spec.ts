import { parseKeyRing, seal, unseal } from '@grants/webhooks/secret-box';

const ring = (text: string) => {
  const parsed = parseKeyRing(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
};

describe('secrets kept encrypted', () => {
  const k1 = `k1:${'11'.repeat(32)}`;
  const k2 = `k2:${'22'.repeat(32)}`;

  it('seals with the first key, opens with any key of the ring, so keys rotate', () => {
    const sealed = seal(ring(k1), 'whsec_secret');
    expect(sealed).toMatch(/^enc:v1:k1:/);
    expect(sealed).not.toContain('secret');
    expect(unseal(ring(`${k2},${k1}`), sealed)).toBe('whsec_secret');
    expect(seal(ring(`${k2},${k1}`), 'whsec_secret')).toMatch(/^enc:v1:k2:/);
    expect(() => unseal(ring(k2), sealed)).toThrow(/no key k1/);
  });

  it('refuses a sealed value that was tampered with, and reads a value stored before encryption as it is', () => {
    const sealed = seal(ring(k1), 'whsec_secret');
    const parts = sealed.split(':');
    parts[5] = Buffer.from('forged').toString('base64url');
    expect(() => unseal(ring(k1), parts.join(':'))).toThrow();
    expect(unseal(ring(k1), 'whsec_plain')).toBe('whsec_plain');
  });

  it('names what is wrong with a key ring', () => {
    expect(parseKeyRing('')).toMatch(/at least one key/);
    expect(parseKeyRing('k1:abc')).toMatch(/64 hex characters/);
    expect(parseKeyRing(`${k1},${k1}`)).toMatch(/appears twice/);
  });
});
