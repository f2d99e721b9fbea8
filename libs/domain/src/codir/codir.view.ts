import { CodirState, CodirStatus } from './codir.state';

/** One row of the CODIRs' read model. */
export interface CodirView {
  id: string;
  territoryId: string;
  year: number;
  status: CodirStatus;
  meetingAt: string;
  statementsDueAt: string;
  directions: number;
  stated: number;
  commitments: number;
  openCommitments: number;
  /** The next date that matters: statements due, the meeting, the next commitment due, the end of the follow-up. */
  nextDueAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

function nextDueAt(s: CodirState): string | null {
  switch (s.status) {
    case 'collecting':
      return s.statementsDueAt;
    case 'preparing':
      return s.meetingAt;
    case 'following': {
      const open = s.commitments
        .filter((c) => c.status === 'open')
        .map((c) => c.dueAt)
        .sort();
      return open[0] ?? s.meeting?.followUpUntil ?? null;
    }
    case 'closed':
      return null;
    default: {
      const never: never = s.status;
      throw new Error(`unknown CODIR status ${String(never)}`);
    }
  }
}

export function codirView(s: CodirState): CodirView {
  return {
    id: s.id,
    territoryId: s.territoryId,
    year: s.year,
    status: s.status,
    meetingAt: s.meetingAt,
    statementsDueAt: s.statementsDueAt,
    directions: s.directions.length,
    stated: s.directions.filter((d) => d.statement).length,
    commitments: s.commitments.length,
    openCommitments: s.commitments.filter((c) => c.status !== 'done').length,
    nextDueAt: nextDueAt(s),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    lastSeq: s.lastSeq,
  };
}
