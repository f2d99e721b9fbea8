import type { Actor } from '../events';
import type { CallEventBody } from './call.events';
import { CallPolicy, CallTerms, hasPaidPreselection } from './call.policy';
import { ApplicationSummary, CallState, Consortium, Meetup, awaitingFunders } from './call.rules';
import type { DoubleFundingFlag } from './proposal.rules';
import type { Cents } from '../money';

/** A call's event as its workflow records it: the body, its stream, who and when. */
export type StampedCallEvent = CallEventBody & { grantId: string; actor: Actor; occurredAt: string };

/** A call as its events (and its applications' notices) made it, with how many events it has had in its runs. */
export type RecordedCall = CallState & { lastSeq: number };

/** What an application tells its call: a proposal arrived, or what it holds once the proposal deadline passed. */
export interface ApplicationNotice {
  applicationId: string;
  requestedAmountCents: Cents | null;
  doubleFundingFlags: DoubleFundingFlag[];
  settled: boolean;
}

/**
 * The call as launched, before its first event. `fundersAccepted`: the funders whose line is
 * accepted at launch (the launching funder's own); absent for calls launched before that rule.
 */
export function launchedCall(input: {
  callId: string;
  launchedBy: { id: string };
  launchedAt: string;
  terms: CallTerms;
  policy: CallPolicy;
  fundersAccepted?: string[];
}): RecordedCall {
  const { terms, policy, fundersAccepted } = input;
  return {
    ...terms,
    id: input.callId,
    launchedBy: input.launchedBy.id,
    launchedAt: input.launchedAt,
    policy,
    paidPreselection: hasPaidPreselection(terms.budgetCents, policy),
    phase: 'open',
    invited: [],
    meetups: [],
    consortia: [],
    applications: [],
    ...(fundersAccepted
      ? { fundersAccepted: [...fundersAccepted], awaitingFunders: awaitingFunders({ fundingPlan: terms.fundingPlan, fundersAccepted }) }
      : {}),
    lastSeq: 0,
  };
}

const withMeetup = (state: RecordedCall, id: string, change: (m: Meetup) => Meetup): RecordedCall => ({
  ...state,
  meetups: state.meetups.map((m) => (m.id === id ? change(m) : m)),
});
const withConsortium = (state: RecordedCall, id: string, change: (c: Consortium) => Consortium): RecordedCall => ({
  ...state,
  consortia: state.consortia.map((c) => (c.id === id ? change(c) : c)),
});
const withApplications = (state: RecordedCall, change: (a: ApplicationSummary) => ApplicationSummary): RecordedCall => ({
  ...state,
  applications: state.applications.map(change),
});

/**
 * How each event changes a call: the only way its own facts change in a workflow started since the
 * recorder (older runs set them by hand, see callWorkflowV1); what its applications tell it goes
 * through `noticeApplication`, a shortlist never decided through `shortlistLapsed`. Exhaustive: a new
 * event type does not compile until it has its case here.
 */
export function evolveCall(state: RecordedCall, event: StampedCallEvent): RecordedCall {
  const next: RecordedCall = { ...state, lastSeq: state.lastSeq + 1 };
  switch (event.type) {
    case 'CallLaunched':
      return next;
    case 'AssociationsInvited':
      return { ...next, invited: [...event.payload.associationIds] };
    case 'CallFundingLineAccepted':
      return { ...next, fundersAccepted: [...(state.fundersAccepted ?? []), event.payload.funderId], awaitingFunders: event.payload.awaitingFunders };
    case 'MeetupScheduled': {
      const { meetupId, at, place } = event.payload;
      return { ...next, meetups: [...state.meetups, { id: meetupId, at: new Date(at).toISOString(), place, rsvps: [] }] };
    }
    case 'MeetupRsvpRecorded': {
      const { meetupId, associationId, attending } = event.payload;
      return withMeetup(next, meetupId, (m) => {
        const previous = m.rsvps.find((r) => r.associationId === associationId);
        const changes = previous ? (previous.changes ?? 1) + 1 : 1;
        return { ...m, rsvps: [...m.rsvps.filter((r) => r.associationId !== associationId), { associationId, attending, at: event.occurredAt, changes }] };
      });
    }
    case 'MeetupAttendanceRecorded':
      return withMeetup(next, event.payload.meetupId, (m) => ({ ...m, attendees: [...event.payload.attendeeIds] }));
    case 'ConsortiumFormed': {
      const { consortiumId, name, leadAssociationId } = event.payload;
      return { ...next, consortia: [...state.consortia, { id: consortiumId, name, leadAssociationId, members: [leadAssociationId], invitations: [] }] };
    }
    case 'ConsortiumMemberInvited': {
      const { consortiumId, associationId } = event.payload;
      return withConsortium(next, consortiumId, (c) => ({ ...c, invitations: [...c.invitations, { associationId, status: 'pending' }] }));
    }
    case 'ConsortiumInvitationAnswered': {
      const { consortiumId, associationId, accepted } = event.payload;
      return withConsortium(next, consortiumId, (c) => {
        let answered = false;
        const invitations = c.invitations.map((i) => {
          if (answered || i.associationId !== associationId || i.status !== 'pending') return i;
          answered = true;
          return { ...i, status: accepted ? ('accepted' as const) : ('declined' as const) };
        });
        return { ...c, invitations, members: accepted ? [...c.members, associationId] : c.members };
      });
    }
    case 'ExpressionOfInterestReceived': {
      const { applicationId, consortiumId, members, consortiumName, leadAssociationId } = event.payload;
      // An association expressing interest alone forms its consortium of one by expressing.
      const known = state.consortia.some((c) => c.id === consortiumId);
      const consortia = known
        ? state.consortia
        : [
            ...state.consortia,
            {
              id: consortiumId,
              name: consortiumName ?? consortiumId,
              leadAssociationId: leadAssociationId ?? members[0],
              members: [...members],
              invitations: [],
            },
          ];
      // The consortium is taken by its application; invitations still pending lapse.
      const taken = withConsortium({ ...next, consortia }, consortiumId, (c) => ({
        ...c,
        applicationId,
        invitations: c.invitations.filter((i) => i.status !== 'pending'),
      }));
      return {
        ...taken,
        applications: [
          ...state.applications,
          { id: applicationId, consortiumId, members: [...members], status: state.paidPreselection ? 'expressed' : 'proposal_open' },
        ],
      };
    }
    case 'ExpressionsClosed':
      return { ...next, phase: event.payload.next };
    case 'ShortlistDecided': {
      const decisions = event.payload.decisions;
      return {
        ...withApplications(next, (a) => {
          const decision = decisions.find((d) => d.applicationId === a.id);
          return decision ? { ...a, status: decision.shortlisted ? 'shortlisted' : 'not_shortlisted' } : a;
        }),
        shortlist: decisions,
        phase: 'proposals',
      };
    }
    case 'ProposalsClosed':
      return { ...next, phase: 'deciding' };
    case 'AwardsDecided': {
      const { awards, reason } = event.payload;
      // Every application holding a proposal is awarded or not; the others keep their status.
      return {
        ...withApplications(next, (a) => {
          if (a.status !== 'proposal_submitted') return a;
          const award = awards.find((x) => x.applicationId === a.id);
          return { ...a, status: award ? 'awarded' : 'not_awarded', awardCents: award?.amountCents };
        }),
        awards,
        decisionReason: reason,
        phase: awards.length ? 'awarded' : 'closed_without_award',
      };
    }
    default: {
      const never: never = event;
      throw new Error(`unknown call event ${JSON.stringify(never)}`);
    }
  }
}

/**
 * What an application tells its call (not an event of the call's stream: the application records
 * its own): its proposal's amount and double-funding flags; once its proposal phase is over, that it
 * has none.
 */
export function noticeApplication(state: RecordedCall, notice: ApplicationNotice): RecordedCall {
  if (!state.applications.some((a) => a.id === notice.applicationId)) return state;
  return withApplications(state, (a) => {
    if (a.id !== notice.applicationId) return a;
    if (notice.requestedAmountCents !== null) {
      return { ...a, doubleFundingFlags: notice.doubleFundingFlags, requestedAmountCents: notice.requestedAmountCents, status: 'proposal_submitted' };
    }
    const none = notice.settled && a.status !== 'not_shortlisted';
    return { ...a, doubleFundingFlags: notice.doubleFundingFlags, ...(none ? { status: 'no_proposal' as const } : {}) };
  });
}

/** No shortlist was decided by the proposal deadline: nobody is shortlisted (each application is told). */
export function shortlistLapsed(state: RecordedCall): RecordedCall {
  return withApplications(state, (a) => ({ ...a, status: 'not_shortlisted' }));
}
