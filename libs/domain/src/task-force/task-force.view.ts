import type { TaskForceState, TaskForceStatus } from './task-force.state';

/** One row of the task forces' read model: what lists show and who may see it. */
export interface TaskForceView {
  id: string;
  territoryId: string;
  qpv: string;
  title: string;
  status: TaskForceStatus;
  pilotId: string;
  /** The organisations invited (associations, signatories): they see the task force. */
  organisationIds: string[];
  accepted: number;
  seated: number;
  endsAt: string | null;
  /** What comes next and when: the kick-off, a check-in, the mid-term review, the final report. */
  nextStep: { step: 'kick_off' | 'check_in' | 'mid_term_review' | 'final_report'; dueAt: string | null } | null;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

export function taskForceView(state: TaskForceState): TaskForceView {
  return {
    id: state.id,
    territoryId: state.territoryId,
    qpv: state.qpv,
    title: state.title,
    status: state.status,
    pilotId: state.pilotId,
    organisationIds: [...new Set(state.members.flatMap((m) => (m.organisationId ? [m.organisationId] : [])))],
    accepted: state.members.filter((m) => m.status === 'accepted').length,
    seated: state.members.filter((m) => m.status !== 'declined').length,
    endsAt: state.endsAt ?? null,
    nextStep: nextStep(state),
    createdAt: state.proposedAt,
    updatedAt: state.updatedAt,
    lastSeq: state.lastSeq,
  };
}

function nextStep(state: TaskForceState): TaskForceView['nextStep'] {
  switch (state.status) {
    case 'forming':
      return { step: 'kick_off', dueAt: null };
    case 'active': {
      const candidates: { step: 'check_in' | 'mid_term_review' | 'final_report'; dueAt: string }[] = [
        ...state.checkIns.filter((c) => !c.heldAt && !c.missed).map((c) => ({ step: 'check_in' as const, dueAt: c.dueAt })),
        ...(state.midTermReview || !state.midTermDueAt ? [] : [{ step: 'mid_term_review' as const, dueAt: state.midTermDueAt }]),
        { step: 'final_report' as const, dueAt: state.endsAt! },
      ];
      return candidates.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
    }
    case 'reporting':
      return { step: 'final_report', dueAt: state.endsAt! };
    case 'closed':
    case 'cancelled':
      return null;
    default: {
      const never: never = state.status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}
