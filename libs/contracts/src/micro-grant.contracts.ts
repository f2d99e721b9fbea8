import type { Cents, EnvelopePolicy, MicroGrantPolicy, EnvelopeState, TargetPublic } from '@grants/domain';

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
