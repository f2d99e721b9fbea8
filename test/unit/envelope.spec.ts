import {
  DEFAULT_ENVELOPE_POLICY,
  checkReservation,
  commit,
  defaultAssociationCap,
  heldBy,
  euros,
  newEnvelope,
  release,
  reserve,
  summarizeEnvelope,
} from '@grants/domain';

const fresh = () => newEnvelope('binome-est-ensemble', 2026, DEFAULT_ENVELOPE_POLICY);

describe('fair use of an envelope', () => {
  it('keeps an association to a third of the envelope by default, counting what it holds reserved or committed', () => {
    const cap = { associationId: 'assoc-a', capCents: defaultAssociationCap(euros(30_000)) };
    expect(cap.capCents).toBe(euros(10_000));
    let envelope = reserve(fresh(), 'mg-1', euros(3000), cap);
    envelope = commit(reserve(envelope, 'mg-2', euros(3000), cap), 'mg-2');
    envelope = reserve(envelope, 'mg-3', euros(3000), cap);
    expect(heldBy(envelope, 'assoc-a')).toBe(euros(9000));
    const refused = checkReservation(envelope, 'mg-4', euros(1000) + 1, cap);
    expect(refused).toMatchObject({ ok: false, code: 'association_cap', reason: expect.stringContaining('fair use') });
    expect(checkReservation(envelope, 'mg-4', euros(1000), cap)).toEqual({ ok: true, alreadyHeld: false });
    // Another association, and a grant already held (a retry), are not refused.
    expect(checkReservation(envelope, 'mg-5', euros(3000), { associationId: 'assoc-b', capCents: cap.capCents })).toMatchObject({ ok: true });
    expect(checkReservation(envelope, 'mg-3', euros(3000), cap)).toEqual({ ok: true, alreadyHeld: true });
    // A released reservation no longer counts.
    expect(heldBy(release(envelope, 'mg-1'), 'assoc-a')).toBe(euros(6000));
  });
});

describe('a binôme envelope', () => {
  it('defaults to 30,000 € a year and a 3,000 € ceiling per grant', () => {
    expect(summarizeEnvelope(fresh())).toMatchObject({
      totalCents: 3_000_000,
      ceilingCents: 300_000,
      reservedCents: 0,
      committedCents: 0,
      availableCents: 3_000_000,
    });
  });

  it('given a request at the ceiling, reserves it', () => {
    const envelope = reserve(fresh(), 'mg-1', euros(3000));
    expect(summarizeEnvelope(envelope)).toMatchObject({ reservedCents: 300_000, availableCents: 2_700_000 });
  });

  it('given a request one cent over the ceiling, escalates it with the reason', () => {
    const check = checkReservation(fresh(), 'mg-1', euros(3000) + 1);
    expect(check).toEqual({
      ok: false,
      code: 'over_ceiling',
      reason: expect.stringContaining("above the binôme's per-grant ceiling of 3000.00 EUR"),
    });
  });

  it('given an envelope nearly spent, escalates what is beyond what is left', () => {
    let envelope = fresh();
    for (let i = 0; i < 9; i++) envelope = reserve(envelope, `mg-${i}`, euros(3000));
    envelope = reserve(envelope, 'mg-9', euros(2999));
    expect(summarizeEnvelope(envelope).availableCents).toBe(100);
    const check = checkReservation(envelope, 'mg-10', 101);
    expect(check).toMatchObject({ ok: false, code: 'envelope_exhausted' });
    expect(checkReservation(envelope, 'mg-10', 100)).toEqual({ ok: true, alreadyHeld: false });
  });

  it('never reserves twice for the same grant', () => {
    const once = reserve(fresh(), 'mg-1', euros(1000));
    const twice = reserve(once, 'mg-1', euros(1000));
    expect(summarizeEnvelope(twice).reservedCents).toBe(100_000);
    expect(checkReservation(once, 'mg-1', euros(1000))).toEqual({ ok: true, alreadyHeld: true });
  });

  it('commits an approved grant and releases a rejected one, idempotently', () => {
    let envelope = reserve(reserve(fresh(), 'mg-a', euros(1000)), 'mg-r', euros(500));
    envelope = commit(commit(envelope, 'mg-a'), 'mg-a');
    envelope = release(release(envelope, 'mg-r'), 'mg-r');
    expect(summarizeEnvelope(envelope)).toMatchObject({
      reservedCents: 0,
      committedCents: 100_000,
      availableCents: 2_900_000,
    });
  });

  it('never releases a commitment', () => {
    const envelope = release(commit(reserve(fresh(), 'mg-a', euros(1000)), 'mg-a'), 'mg-a');
    expect(summarizeEnvelope(envelope).committedCents).toBe(100_000);
  });

  it('refuses amounts that are not positive integer cents', () => {
    expect(() => checkReservation(fresh(), 'mg-1', 0)).toThrow(RangeError);
    expect(() => checkReservation(fresh(), 'mg-1', 10.5)).toThrow(RangeError);
  });
});
