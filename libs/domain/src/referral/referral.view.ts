import type { Orientation } from '../contribution/contribution.events';
import type { SupportKind } from './referral.events';
import { ReferralState, ReferralStatus } from './referral.state';

/** One row of the routed needs' read model. */
export interface ReferralView {
  id: string;
  territoryId: string;
  associationId: string;
  orientation: Orientation;
  supportKind: SupportKind;
  description: string;
  status: ReferralStatus;
  /** The signatory it is (or was last) routed to. */
  signatoryId: string | null;
  signatoryIds: string[];
  answerBy: string | null;
  routings: number;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

export function referralView(s: ReferralState): ReferralView {
  const last = s.routings.at(-1);
  return {
    id: s.id,
    territoryId: s.need.territoryId,
    associationId: s.need.associationId,
    orientation: s.need.orientation,
    supportKind: s.need.supportKind,
    description: s.need.description,
    status: s.status,
    signatoryId: last?.signatoryId ?? null,
    signatoryIds: [...new Set(s.routings.map((r) => r.signatoryId))],
    answerBy: s.status === 'routed' ? (last?.answerBy ?? null) : null,
    routings: s.routings.length,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    lastSeq: s.lastSeq,
  };
}
