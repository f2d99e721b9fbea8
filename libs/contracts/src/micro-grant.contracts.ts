import type { Cents, EnvelopePolicy, EnvelopeTerms, MicroGrantPolicy, EnvelopeState, TargetPublic } from '@grants/domain';

/** Input of microGrantWorkflow: everything the lifecycle needs, decided at request time. */
export interface MicroGrantInput {
  grantId: string;
  binomeId: string;
  territoryId: string;
  year: number;
  associationId: string;
  requestedBy: string;
  title: string;
  purpose: string;
  amountCents: Cents;
  qpv?: string;
  targetPublic?: TargetPublic;
  requestedAt: string;
  policy: MicroGrantPolicy;
  /**
   * The binôme's envelope as the API read it with the request (read once): its total and ceiling for
   * the year's envelope, and the most one association may hold in it. Absent in older requests,
   * whose reservation reads the binôme again.
   */
  envelope?: EnvelopeTerms;
}

/** Input of envelopeWorkflow; `carried` is set when the workflow continues as new. */
export interface EnvelopeInput {
  binomeId: string;
  year: number;
  policy: EnvelopePolicy;
  /** Continue as new after this many reservations, commitments and releases in one run. */
  maxOperationsPerRun: number;
  carried?: EnvelopeState;
}

export interface ReserveFundsRequest {
  grantId: string;
  amountCents: Cents;
  /** The requesting association, and the most it may hold in this envelope (fair use); absent in older requests. */
  associationId?: string;
  associationCapCents?: Cents;
}

export type ReserveFundsResult =
  { outcome: 'reserved'; amountCents: Cents } | { outcome: 'escalated'; code: 'over_ceiling' | 'envelope_exhausted' | 'association_cap'; reason: string };

export interface GrantRef {
  grantId: string;
}
