import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import {
  Actor,
  Audience,
  CallEventBody,
  CallParties,
  CallState,
  Role,
  SYSTEM_ACTOR,
  acceptCallLineProblem,
  answerInvitationProblem,
  awaitingFunders,
  attendanceProblem,
  awardProblem,
  callAudiences,
  createConsortiumProblem,
  expressInterestProblem,
  hasPaidPreselection,
  inviteProblem,
  rsvpProblem,
  scheduleMeetupProblem,
  shortlistProblem,
} from '@grants/domain';
import { CallCarried, CallInput, applicationIdOf } from '@grants/contracts';
import { mirrorSearch } from './search';
import { acts, nowIso, refuse, runBudget } from './common';
import {
  acceptFundingLineUpdate,
  answerInvitationUpdate,
  applicationProposalSignal,
  awardUpdate,
  callStateQuery,
  createConsortiumUpdate,
  expressInterestUpdate,
  inviteMemberUpdate,
  launchedUpdate,
  recordAttendanceUpdate,
  rsvpUpdate,
  scheduleMeetupUpdate,
  shortlistUpdate,
} from './call.messages';
import { awardOutcomeSignal, shortlistOutcomeSignal } from './consortium-application.messages';
import { consortiumApplicationWorkflow } from './consortium-application.workflow';

function until(iso: string): number {
  return Math.max(Date.parse(iso) - Date.now(), 1);
}

/**
 * A call as runs started before the recorder go on (and their recorded histories replay): its state
 * set by hand beside its events, each event appended then notified by two activities, each step
 * named by what it records. Not to be changed: see callWorkflow.
 *
 * A call for projects: launched → every matched association invited → meetups before applications →
 * consortia formed → expressions of interest until the EOI deadline (each opens a child application)
 * → above the threshold, a paid pre-selection (shortlist with reasons) → proposals until their
 * deadline → awards within the budget. The applications live on as the consortium grants.
 */
export async function callWorkflowV1(input: CallInput): Promise<CallState> {
  const { terms, policy, carried } = input;
  const state: CallState = carried?.state ?? {
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
    ...(input.fundersAccepted
      ? {
          fundersAccepted: [...input.fundersAccepted],
          awaitingFunders: awaitingFunders({ fundingPlan: terms.fundingPlan, fundersAccepted: input.fundersAccepted }),
        }
      : {}),
  };
  // A call continues as new before Temporal's limits, carrying everything; calls started before
  // that was possible replay as they ran (the same timers and conditions, never continuing).
  const canContinue = carried !== undefined || patched('calls-continue-as-new');
  const budget = runBudget(input.maxUpdatesPerRun);
  let stage: CallCarried['stage'] = carried?.stage ?? 'open';
  let invitationsSent = carried !== undefined;
  let operations = carried?.operations ?? 0;
  const settled = new Set<string>(carried?.settled);
  /** The call as Temporal finds it: its phase, territories and funders. */
  const search = () =>
    mirrorSearch({ kind: 'call', status: state.phase, territoryIds: terms.territories, funderIds: terms.fundingPlan.map((line) => line.funderId) });
  search();
  const parties = (members?: string[]): CallParties => ({
    territories: terms.territories,
    funderIds: terms.fundingPlan.map((line) => line.funderId),
    invited: state.invited,
    members,
  });

  /** Appends the event to the call's stream (idempotent by step) and tells whoever it concerns. */
  async function record(step: string, body: CallEventBody, actor: Actor, members?: string[]): Promise<void> {
    const occurredAt = nowIso();
    await acts.appendGrantEvent({ ...body, grantId: state.id, kind: 'call', actor, occurredAt, step });
    const audiences: Audience[] = callAudiences(body, parties(members));
    if (audiences.length) {
      await acts.notifyCallParties({
        streamId: state.id,
        step,
        event: body,
        audiences,
        facts: { callTitle: terms.title },
        path: `/calls/${state.id}`,
        occurredAt,
      });
    }
  }
  const user = (id: string, role: Role): Actor => ({ kind: 'user', id, role });
  const nextStep = (name: string) => `${name}:${++operations}`;

  /**
   * Waits for `done`, or the deadline (false then). A run that has taken its share of updates
   * hands over here to a new run, once its handlers are done, and the wait goes on there.
   */
  async function wait(deadline: string | undefined, done: () => boolean): Promise<boolean> {
    const full = () => canContinue && budget.full();
    for (;;) {
      if (deadline === undefined) await condition(() => done() || full());
      else await condition(() => done() || full(), until(deadline));
      if (done()) return true;
      if (!full()) return false;
      await condition(allHandlersFinished);
      await continueAsNew<typeof callWorkflowV1>({ ...input, carried: { state, stage, operations, settled: [...settled] } });
    }
  }

  setHandler(callStateQuery, () => state);
  setHandler(launchedUpdate, async () => {
    budget.count();
    await condition(() => invitationsSent);
    return state;
  });

  setHandler(
    scheduleMeetupUpdate,
    async (c) => {
      budget.count();
      state.meetups.push({ id: c.meetupId, at: new Date(c.at).toISOString(), place: c.place.trim(), rsvps: [] });
      await record(
        nextStep('meetup'),
        { type: 'MeetupScheduled', payload: { meetupId: c.meetupId, at: c.at, place: c.place.trim() } },
        user(c.actorId, c.actorRole),
      );
      return state;
    },
    { validator: (c) => refuse(scheduleMeetupProblem(state, c)) },
  );

  setHandler(
    rsvpUpdate,
    async (c) => {
      budget.count();
      const meetup = state.meetups.find((m) => m.id === c.meetupId)!;
      const at = nowIso();
      const previous = meetup.rsvps.find((r) => r.associationId === c.associationId);
      const changes = previous ? (previous.changes ?? 1) + 1 : 1;
      meetup.rsvps = [
        ...meetup.rsvps.filter((r) => r.associationId !== c.associationId),
        { associationId: c.associationId, attending: c.attending, at, changes },
      ];
      await record(
        nextStep('rsvp'),
        { type: 'MeetupRsvpRecorded', payload: { meetupId: c.meetupId, associationId: c.associationId, attending: c.attending } },
        user(c.actorId, 'association'),
      );
      return state;
    },
    { validator: (c) => refuse(rsvpProblem(state, c)) },
  );

  setHandler(
    recordAttendanceUpdate,
    async (c) => {
      budget.count();
      state.meetups.find((m) => m.id === c.meetupId)!.attendees = [...c.attendeeIds];
      await record(
        nextStep('attendance'),
        { type: 'MeetupAttendanceRecorded', payload: { meetupId: c.meetupId, attendeeIds: c.attendeeIds } },
        user(c.actorId, c.actorRole),
      );
      return state;
    },
    { validator: (c) => refuse(attendanceProblem(state, c, Date.now())) },
  );

  setHandler(
    createConsortiumUpdate,
    async (c) => {
      budget.count();
      state.consortia.push({ id: c.consortiumId, name: c.name.trim(), leadAssociationId: c.associationId, members: [c.associationId], invitations: [] });
      await record(
        nextStep('consortium'),
        { type: 'ConsortiumFormed', payload: { consortiumId: c.consortiumId, name: c.name.trim(), leadAssociationId: c.associationId } },
        user(c.actorId, 'association'),
      );
      return state;
    },
    { validator: (c) => refuse(createConsortiumProblem(state, c, Date.now())) },
  );

  setHandler(
    inviteMemberUpdate,
    async (c) => {
      budget.count();
      const consortium = state.consortia.find((x) => x.id === c.consortiumId)!;
      consortium.invitations.push({ associationId: c.associationId, status: 'pending' });
      await record(
        nextStep('invitation'),
        { type: 'ConsortiumMemberInvited', payload: { consortiumId: c.consortiumId, associationId: c.associationId } },
        user(c.actorId, 'association'),
      );
      return state;
    },
    { validator: (c) => refuse(inviteProblem(state, c, Date.now())) },
  );

  setHandler(
    answerInvitationUpdate,
    async (c) => {
      budget.count();
      const consortium = state.consortia.find((x) => x.id === c.consortiumId)!;
      const invitation = consortium.invitations.find((i) => i.associationId === c.associationId && i.status === 'pending')!;
      invitation.status = c.accept ? 'accepted' : 'declined';
      if (c.accept) consortium.members.push(c.associationId);
      await record(
        nextStep('answer'),
        { type: 'ConsortiumInvitationAnswered', payload: { consortiumId: c.consortiumId, associationId: c.associationId, accepted: c.accept } },
        user(c.actorId, 'association'),
        [consortium.leadAssociationId],
      );
      return state;
    },
    { validator: (c) => refuse(answerInvitationProblem(state, c, Date.now())) },
  );

  setHandler(
    expressInterestUpdate,
    async (c) => {
      budget.count();
      // Synchronously first, so that a concurrent command sees the consortium taken.
      let consortium = c.consortiumId ? state.consortia.find((x) => x.id === c.consortiumId)! : undefined;
      if (!consortium) {
        consortium = { id: c.soloConsortiumId, name: c.soloConsortiumName, leadAssociationId: c.associationId, members: [c.associationId], invitations: [] };
        state.consortia.push(consortium);
      }
      const applicationId = applicationIdOf(consortium.id);
      consortium.applicationId = applicationId;
      consortium.invitations = consortium.invitations.filter((i) => i.status !== 'pending');
      const members = [...consortium.members];
      state.applications.push({ id: applicationId, consortiumId: consortium.id, members, status: state.paidPreselection ? 'expressed' : 'proposal_open' });
      const split =
        c.stipendSplit ??
        members.map((associationId, i) => ({ associationId, percent: Math.floor(100 / members.length) + (i < 100 % members.length ? 1 : 0) }));
      const described = await acts.describeAssociations(members);
      await startChild(consortiumApplicationWorkflow, {
        workflowId: applicationId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [
          {
            applicationId,
            callId: state.id,
            consortiumId: consortium.id,
            consortiumName: consortium.name,
            leadAssociationId: consortium.leadAssociationId,
            members: described,
            call: {
              title: terms.title,
              territories: terms.territories,
              funderIds: terms.fundingPlan.map((line) => line.funderId),
              budgetCents: terms.budgetCents,
              targetPublic: terms.targetPublic,
              eoiDeadline: terms.eoiDeadline,
              proposalDeadline: terms.proposalDeadline,
            },
            paidPreselection: state.paidPreselection,
            policy,
            summary: c.summary.trim(),
            expressedAt: nowIso(),
            expressedBy: c.actorId,
            stipendSplit: split,
          },
        ],
      });
      await record(
        `expression:${applicationId}`,
        { type: 'ExpressionOfInterestReceived', payload: { applicationId, consortiumId: consortium.id, members, summary: c.summary.trim() } },
        user(c.actorId, 'association'),
      );
      return { applicationId, state };
    },
    { validator: (c) => refuse(expressInterestProblem(state, c, Date.now())) },
  );

  setHandler(applicationProposalSignal, (notice) => {
    const application = state.applications.find((a) => a.id === notice.applicationId);
    if (!application) return;
    application.doubleFundingFlags = notice.doubleFundingFlags;
    if (notice.requestedAmountCents !== null) {
      application.requestedAmountCents = notice.requestedAmountCents;
      application.status = 'proposal_submitted';
    } else if (notice.settled && application.status !== 'not_shortlisted') {
      application.status = 'no_proposal';
    }
    if (notice.settled) settled.add(notice.applicationId);
  });

  setHandler(
    shortlistUpdate,
    async (c) => {
      budget.count();
      state.shortlist = c.decisions.map((d) => ({ ...d, reason: d.reason.trim() }));
      state.phase = 'proposals';
      search();
      for (const decision of state.shortlist) {
        const application = state.applications.find((a) => a.id === decision.applicationId)!;
        application.status = decision.shortlisted ? 'shortlisted' : 'not_shortlisted';
        if (!decision.shortlisted) settled.add(application.id);
      }
      await record('shortlist', { type: 'ShortlistDecided', payload: { decisions: state.shortlist } }, user(c.actorId, c.actorRole));
      for (const decision of state.shortlist) {
        await getExternalWorkflowHandle(decision.applicationId).signal(shortlistOutcomeSignal, {
          shortlisted: decision.shortlisted,
          reason: decision.reason,
        });
      }
      return state;
    },
    { validator: (c) => refuse(shortlistProblem(state, c)) },
  );

  setHandler(
    acceptFundingLineUpdate,
    async (c) => {
      budget.count();
      state.fundersAccepted = [...state.fundersAccepted!, c.funderId];
      state.awaitingFunders = awaitingFunders(state);
      await record(
        nextStep('funding-line'),
        { type: 'CallFundingLineAccepted', payload: { funderId: c.funderId, awaitingFunders: state.awaitingFunders } },
        { kind: 'user', id: c.actorId, role: 'funder' },
      );
      return state;
    },
    { validator: (c) => refuse(acceptCallLineProblem(state, c)) },
  );

  setHandler(
    awardUpdate,
    async (c) => {
      budget.count();
      state.awards = c.awards.map(({ applicationId, amountCents }) => ({ applicationId, amountCents }));
      state.decisionReason = c.reason.trim();
      state.phase = state.awards.length ? 'awarded' : 'closed_without_award';
      search();
      const totalCents = state.awards.reduce((sum, a) => sum + a.amountCents, 0);
      await record(
        'awards',
        { type: 'AwardsDecided', payload: { awards: state.awards, totalCents, reason: state.decisionReason } },
        user(c.actorId, c.actorRole),
      );
      for (const application of state.applications.filter((a) => a.status === 'proposal_submitted')) {
        const award = state.awards.find((a) => a.applicationId === application.id);
        application.status = award ? 'awarded' : 'not_awarded';
        application.awardCents = award?.amountCents;
        await getExternalWorkflowHandle(application.id).signal(awardOutcomeSignal, {
          amountCents: award?.amountCents ?? 0,
          reason: state.decisionReason,
        });
      }
      return state;
    },
    { validator: (c) => refuse(awardProblem(state, c)) },
  );

  // 1. Launched; every association matched by theme and territory is invited, none other.
  if (!carried) {
    const launcher: Actor = { kind: 'user', id: input.launchedBy.id, role: input.launchedBy.role };
    const launched = {
      ...terms,
      paidPreselection: state.paidPreselection,
      policy,
      ...(state.awaitingFunders ? { awaitingFunders: state.awaitingFunders } : {}),
    };
    await record('launched', { type: 'CallLaunched', payload: launched }, launcher);
    state.invited = await acts.matchAssociations({ themes: terms.themes, territories: terms.territories });
    await record('invited', { type: 'AssociationsInvited', payload: { associationIds: state.invited } }, SYSTEM_ACTOR);
  }
  invitationsSent = true;

  // 2. Meetups, consortia and expressions of interest until the EOI deadline.
  if (stage === 'open') {
    await wait(terms.eoiDeadline, () => false);
    await condition(allHandlersFinished);
    // The phase changes once the event is recorded: what the state says, the log already holds.
    const next = state.paidPreselection ? 'preselection' : 'proposals';
    await record('expressions-closed', { type: 'ExpressionsClosed', payload: { applications: state.applications.length, next } }, SYSTEM_ACTOR);
    state.phase = next;
    search();
    stage = next;
  }

  // 3. Above the threshold, the shortlist; without one by the proposal deadline, nobody is shortlisted.
  if (stage === 'preselection') {
    const decided = await wait(terms.proposalDeadline, () => state.shortlist !== undefined);
    if (!decided) {
      await condition(allHandlersFinished);
      for (const application of state.applications) {
        application.status = 'not_shortlisted';
        settled.add(application.id);
        await getExternalWorkflowHandle(application.id).signal(shortlistOutcomeSignal, {
          shortlisted: false,
          reason: 'no shortlist was decided before the proposal deadline',
        });
      }
    }
    stage = 'proposals';
  }

  // 4. Proposals until their deadline; each application says what it holds once it has passed.
  if (stage === 'proposals') {
    await wait(terms.proposalDeadline, () => false);
    await wait(undefined, () => state.applications.every((a) => settled.has(a.id)) && allHandlersFinished());
    const proposals = state.applications.filter((a) => a.status === 'proposal_submitted').length;
    await record('proposals-closed', { type: 'ProposalsClosed', payload: { proposals } }, SYSTEM_ACTOR);
    state.phase = 'deciding';
    search();
    stage = 'deciding';
  }

  // 5. The awards, within the budget; then the applications carry on as grants.
  await wait(undefined, () => state.awards !== undefined);
  await condition(allHandlersFinished);
  return state;
}
