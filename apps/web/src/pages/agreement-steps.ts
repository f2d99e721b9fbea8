import type { Schemas } from '../api/client';
import type { Me } from '../api/session';

type Agreement = Schemas['AgreementViewDto'];

/** What a reader of an agreement may have to do on it. */
export interface AgreementSteps {
  /** The association accepts the agreement. */
  accept: boolean;
  /** A funder accepts its own line of the plan. */
  acceptLine: boolean;
  /** The other side accepts the pending amendment. */
  acceptAmendment: boolean;
  /** A party agrees to the mutual termination asked. */
  agreeTermination: boolean;
  /** The association owes a year's activity report (due or overdue). */
  report: boolean;
}

/** An agreement in one of these statuses takes no more steps. */
export const ENDED = ['withdrawn', 'terminated', 'completed'];

/**
 * The reader's side of the agreement, as the API decides it: the association, or the funder side
 * (the territory's project lead, a funder of the plan, an admin); null for anyone else.
 */
export function agreementSide(view: Agreement, me: Me): 'association' | 'funding' | null {
  if (me.role === 'association') return me.organisation?.id === view.associationId ? 'association' : null;
  if (me.role === 'admin') return 'funding';
  if (me.role === 'project_lead') return me.territory?.id === view.territoryId ? 'funding' : null;
  if (me.role === 'funder') return view.fundingPlan.some((line) => line.funderId === me.organisation?.id) ? 'funding' : null;
  return null;
}

/**
 * The steps awaiting this reader on the agreement (the same answer on its page and in « À traiter »):
 * the association its acceptance and its reports, each funder its own line, either side the other's
 * amendment or a mutual termination.
 */
export function agreementSteps(view: Agreement, me: Me): AgreementSteps {
  const association = agreementSide(view, me) === 'association';
  const funder = me.role === 'funder' ? me.organisation?.id : undefined;
  const pending = view.pendingAmendment;
  const termination = view.termination;
  const party = association ? 'association' : funder;
  return {
    accept: view.status === 'proposed' && association && !view.associationAcceptedAt,
    acceptLine: view.status === 'proposed' && funder !== undefined && view.awaitingFunders.includes(funder),
    acceptAmendment: pending
      ? pending.awaitingFunders === undefined
        ? (association && pending.proposedBySide === 'funding') || (!association && me.role !== 'association' && pending.proposedBySide === 'association')
        : (association && pending.associationAgreed === false) || (funder !== undefined && pending.awaitingFunders.includes(funder))
      : false,
    agreeTermination:
      !!termination && !ENDED.includes(view.status) && termination.mode === 'mutual' && party !== undefined && (termination.awaiting ?? []).includes(party),
    report: association && !ENDED.includes(view.status) && view.schedule.some((y) => y.report.status === 'due' || y.report.status === 'overdue'),
  };
}
