import { Cents, euros, formatCentsPlain, isCents } from '../money';

/** A binôme's yearly envelope: how much it may grant on its own, and the per-grant ceiling. */
export interface EnvelopePolicy {
  totalCents: Cents;
  ceilingCents: Cents;
}

/** What a reservation needs of the binôme's settings: its envelope, and the most one association may hold in it. */
export interface EnvelopeTerms extends EnvelopePolicy {
  associationCapCents: Cents;
}

/** A binôme's envelope terms from its settings (fair use: a third of the envelope unless set). */
export function envelopeTermsOf(binome: { envelopeTotalCents: Cents; ceilingCents: Cents; associationCapCents?: Cents | null }): EnvelopeTerms {
  return {
    totalCents: binome.envelopeTotalCents,
    ceilingCents: binome.ceilingCents,
    associationCapCents: binome.associationCapCents ?? defaultAssociationCap(binome.envelopeTotalCents),
  };
}

export const DEFAULT_ENVELOPE_POLICY: EnvelopePolicy = {
  totalCents: euros(30_000),
  ceilingCents: euros(3_000),
};

export interface EnvelopeState {
  binomeId: string;
  year: number;
  totalCents: Cents;
  ceilingCents: Cents;
  /** Grants holding a reservation while the binôme decides, by grant id. */
  reserved: Record<string, Cents>;
  /** Grants approved and paid from this envelope, by grant id. */
  committed: Record<string, Cents>;
  /** The association of each grant held (reserved or committed), for the fair-use cap; absent in envelopes of before. */
  holders?: Record<string, string>;
}

export interface EnvelopeSummary {
  binomeId: string;
  year: number;
  totalCents: Cents;
  ceilingCents: Cents;
  reservedCents: Cents;
  committedCents: Cents;
  availableCents: Cents;
  reservations: number;
  commitments: number;
}

export type EscalationCode = 'over_ceiling' | 'envelope_exhausted' | 'association_cap';

/** Fair use: by default an association may hold at most a third of its binôme's envelope in a year. */
export function defaultAssociationCap(totalCents: Cents): Cents {
  return Math.floor(totalCents / 3);
}

/** What an association holds in an envelope, reserved or committed. */
export function heldBy(envelope: EnvelopeState, associationId: string): Cents {
  let held = 0;
  for (const [grantId, holder] of Object.entries(envelope.holders ?? {})) {
    if (holder === associationId) held += envelope.reserved[grantId] ?? envelope.committed[grantId] ?? 0;
  }
  return held;
}

/** Who asks, and the most it may hold (fair use). */
export interface Requester {
  associationId: string;
  capCents: Cents;
}

export type ReservationCheck = { ok: true; alreadyHeld: boolean } | { ok: false; code: EscalationCode; reason: string };

export function newEnvelope(binomeId: string, year: number, policy: EnvelopePolicy): EnvelopeState {
  if (!isCents(policy.totalCents) || !isCents(policy.ceilingCents)) {
    throw new RangeError('envelope amounts must be integer cents');
  }
  return { binomeId, year, totalCents: policy.totalCents, ceilingCents: policy.ceilingCents, reserved: {}, committed: {} };
}

function sum(values: Record<string, Cents>): Cents {
  let total = 0;
  for (const value of Object.values(values)) total += value;
  return total;
}

export function summarizeEnvelope(envelope: EnvelopeState): EnvelopeSummary {
  const reservedCents = sum(envelope.reserved);
  const committedCents = sum(envelope.committed);
  return {
    binomeId: envelope.binomeId,
    year: envelope.year,
    totalCents: envelope.totalCents,
    ceilingCents: envelope.ceilingCents,
    reservedCents,
    committedCents,
    availableCents: envelope.totalCents - reservedCents - committedCents,
    reservations: Object.keys(envelope.reserved).length,
    commitments: Object.keys(envelope.committed).length,
  };
}

/**
 * Can this grant reserve this amount? A repeat for a grant that already holds its reservation is
 * accepted (idempotent). Over the ceiling, or beyond what is left, the request is escalated to
 * standard instruction, with the reason spelled out for the requester.
 */
export function checkReservation(envelope: EnvelopeState, grantId: string, amountCents: Cents, requester?: Requester): ReservationCheck {
  if (!isCents(amountCents) || amountCents === 0) throw new RangeError('a reservation needs a positive amount in cents');
  if (grantId in envelope.reserved || grantId in envelope.committed) return { ok: true, alreadyHeld: true };
  if (amountCents > envelope.ceilingCents) {
    return {
      ok: false,
      code: 'over_ceiling',
      reason:
        `the amount ${formatCentsPlain(amountCents)} is above the binôme's per-grant ceiling of ` +
        `${formatCentsPlain(envelope.ceilingCents)}: the request goes to standard instruction`,
    };
  }
  const { availableCents } = summarizeEnvelope(envelope);
  if (amountCents > availableCents) {
    return {
      ok: false,
      code: 'envelope_exhausted',
      reason:
        `the amount ${formatCentsPlain(amountCents)} is beyond what is left of the ${envelope.year} envelope ` +
        `(${formatCentsPlain(availableCents)}): the request goes to standard instruction`,
    };
  }
  // Fair use, once the envelope itself could pay: what is left is the first reason given.
  if (requester) {
    const held = heldBy(envelope, requester.associationId);
    if (held + amountCents > requester.capCents) {
      return {
        ok: false,
        code: 'association_cap',
        reason:
          `with ${formatCentsPlain(amountCents)} more, the association would hold ${formatCentsPlain(held + amountCents)} of the ${envelope.year} envelope, ` +
          `above the ${formatCentsPlain(requester.capCents)} one association may hold (fair use): the request goes to standard instruction`,
      };
    }
  }
  return { ok: true, alreadyHeld: false };
}

/** Reserves after a successful check. Pure: returns the new state. */
export function reserve(envelope: EnvelopeState, grantId: string, amountCents: Cents, requester?: Requester): EnvelopeState {
  const check = checkReservation(envelope, grantId, amountCents, requester);
  if (!check.ok) throw new RangeError(check.reason);
  if (check.alreadyHeld) return envelope;
  const holders = requester ? { ...envelope.holders, [grantId]: requester.associationId } : envelope.holders;
  return { ...envelope, reserved: { ...envelope.reserved, [grantId]: amountCents }, ...(holders ? { holders } : {}) };
}

/** Turns a reservation into a commitment (grant approved). Idempotent. */
export function commit(envelope: EnvelopeState, grantId: string): EnvelopeState {
  const amount = envelope.reserved[grantId];
  if (amount === undefined) return envelope;
  const { [grantId]: _taken, ...reserved } = envelope.reserved;
  return { ...envelope, reserved, committed: { ...envelope.committed, [grantId]: amount } };
}

/** Gives a reservation back (grant rejected or expired). Idempotent; a commitment is never released. */
export function release(envelope: EnvelopeState, grantId: string): EnvelopeState {
  if (!(grantId in envelope.reserved)) return envelope;
  const { [grantId]: _released, ...reserved } = envelope.reserved;
  if (!envelope.holders || !(grantId in envelope.holders)) return { ...envelope, reserved };
  const { [grantId]: _holder, ...holders } = envelope.holders;
  return { ...envelope, reserved, holders };
}
