import type { ContributionNature, ContributionSide, Orientation } from './contribution.events';
import type { ContributionState, ContributionStatus } from './contribution.state';

/** One row of the contributions' read model. */
export interface ContributionView {
  id: string;
  territoryId: string;
  signatoryId: string;
  orientation: Orientation;
  year: number;
  nature: ContributionNature;
  amountCents: number | null;
  staffCount: number | null;
  description: string;
  coCarriers: string[];
  status: ContributionStatus;
  version: number;
  awaiting: ContributionSide | null;
  signBy: string | null;
  agreedAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

export function contributionView(s: ContributionState): ContributionView {
  return {
    id: s.id,
    territoryId: s.terms.territoryId,
    signatoryId: s.terms.signatoryId,
    orientation: s.terms.orientation,
    year: s.terms.year,
    nature: s.terms.nature,
    amountCents: s.terms.amountCents ?? null,
    staffCount: s.terms.staffCount ?? null,
    description: s.terms.description,
    coCarriers: s.terms.coCarriers,
    status: s.status,
    version: s.version,
    awaiting: s.awaiting ?? null,
    signBy: s.signBy ?? null,
    agreedAt: s.agreedAt ?? null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    lastSeq: s.lastSeq,
  };
}
