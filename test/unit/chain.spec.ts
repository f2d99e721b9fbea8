import { GENESIS_HASH, canonicalJson, eventHash, merkleRoot, sha256Hex, verifyChain } from '@grants/audit/chain';

const content = (seq: number, payload: Record<string, unknown>) => ({
  grantId: 'mg-1',
  seq,
  kind: 'micro_grant',
  type: 'MicroGrantDecisionRecorded',
  actor: { kind: 'user', id: 'pl-1', role: 'project_lead' },
  payload,
  occurredAt: `2026-06-01T10:0${seq}:00.000Z`,
});

function chain(payloads: Record<string, unknown>[]) {
  let previous = GENESIS_HASH;
  return payloads.map((payload, i) => {
    const event = content(i + 1, payload);
    const hash = eventHash(previous, event);
    const stored = { ...event, prevHash: previous, hash };
    previous = hash;
    return stored;
  });
}

describe('the hash chain of a grant', () => {
  it('does not depend on the order of keys (PostgreSQL jsonb reorders them)', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(eventHash(GENESIS_HASH, content(1, { role: 'x', decision: 'approve' }))).toBe(
      eventHash(GENESIS_HASH, content(1, { decision: 'approve', role: 'x' })),
    );
  });

  it('verifies an intact chain', () => {
    expect(verifyChain(chain([{ a: 1 }, { a: 2 }, { a: 3 }]), 3)).toEqual({ valid: true, events: 3 });
  });

  it('names the first altered event', () => {
    const events = chain([{ a: 1 }, { a: 2 }, { a: 3 }]);
    events[1] = { ...events[1], payload: { a: 20 } };
    expect(verifyChain(events, 3)).toMatchObject({ valid: false, brokenAt: 2, reason: 'event #2 was altered after it was recorded' });
  });

  it('names a removed event, in the middle or at the end', () => {
    const events = chain([{ a: 1 }, { a: 2 }, { a: 3 }]);
    expect(verifyChain([events[0], events[2]], 3)).toMatchObject({ valid: false, brokenAt: 2 });
    expect(verifyChain(events.slice(0, 2), 3)).toMatchObject({ valid: false, brokenAt: 3 });
  });

  it('catches an event re-hashed by someone who did not re-link the rest', () => {
    const events = chain([{ a: 1 }, { a: 2 }, { a: 3 }]);
    const forged = { ...events[1], payload: { a: 20 } };
    events[1] = { ...forged, hash: eventHash(forged.prevHash, forged) };
    expect(verifyChain(events, 3)).toMatchObject({ valid: false, brokenAt: 3, reason: 'event #3 does not link to the event before it' });
  });
});

describe('the daily Merkle root', () => {
  it('pairs hashes level by level, the odd one with itself', () => {
    const [a, b, c] = ['a', 'b', 'c'].map(sha256Hex);
    expect(merkleRoot([a])).toBe(a);
    expect(merkleRoot([a, b])).toBe(sha256Hex(a + b));
    expect(merkleRoot([a, b, c])).toBe(sha256Hex(sha256Hex(a + b) + sha256Hex(c + c)));
    expect(merkleRoot([b, a])).not.toBe(merkleRoot([a, b]));
  });
});
