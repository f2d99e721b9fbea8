import type { AgreementTerms, AnchoringPolicy, HeldAgreement, Role } from '@grants/domain';

/**
 * Input of anchoringAgreementWorkflow; `carried` is set when it continues as new at a year boundary
 * (with `lastSeq`, the events its runs recorded, since the recorder; absent from a run of before).
 */
export interface AgreementInput {
  agreementId: string;
  title: string;
  /** Who proposed it (a funder's organisation: its own line is accepted by the proposal). */
  proposedBy: { id: string; role: Role; org?: string };
  proposedAt: string;
  terms: AgreementTerms;
  policy: AnchoringPolicy;
  carried?: HeldAgreement & { lastSeq?: number };
}

/** Input of coordinationMeetingWorkflow: one meeting of the contrat de ville, recorded once. */
export interface CoordinationMeetingInput {
  meetingId: string;
  territoryId: string;
  date: string;
  topic: string;
  attendeeAssociationIds: string[];
  recordedBy: string;
}

export interface CoordinationMeetingResult {
  meetingId: string;
  /** The agreements (token mode, in the territory) of attending associations that were credited. */
  creditedAgreementIds: string[];
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export function isAgreementId(value: string): boolean {
  return new RegExp(`^anc-${UUID}$`).test(value);
}
