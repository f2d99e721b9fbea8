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
  CallEventBody,
  CallState,
  RecordedCall,
  Role,
  SYSTEM_ACTOR,
  withoutSeq,
  acceptCallLineProblem,
  answerInvitationProblem,
  attendanceProblem,
  awaitingFunders,
  awardProblem,
  callAudiences,
  createConsortiumProblem,
  evolveCall,
  expressInterestProblem,
  inviteProblem,
  launchedCall,
  noticeApplication,
  rsvpProblem,
  scheduleMeetupProblem,
  shortlistLapsed,
  shortlistProblem,
} from '@grants/domain';
import { CallCarried, CallInput, applicationIdOf } from '@grants/contracts';
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
import { moduleRecorder } from './recorder';
import { callWorkflowV1 } from './call.v1';

/** Runs started since this patch change their state through evolveCall and record each event in one activity. */
export const CALL_RECORDER_PATCH = 'call-recorder';

function until(iso: string): number {
  return Math.max(Date.parse(iso) - Date.now(), 1);
}

/**
 * A call for projects: launched → every matched association invited → meetups before applications →
 * consortia formed → expressions of interest until the EOI deadline (each opens a child application)
 * → above the threshold, a paid pre-selection (shortlist with reasons) → proposals until their
 * deadline → awards within the budget. The applications live on as the consortium grants.
 *
 * Handlers validate and emit events; the call's own facts change only through evolveCall, what its
 * applications tell it through noticeApplication; each event is recorded by one activity (the log,
 * the read model, the notifications), one after the other. The call continues as new before
 * Temporal's limits, carrying its state.
 */
export async function callWorkflow(input: CallInput): Promise<CallState> {
  // Runs started before the recorder (and their recorded histories) go on as they were written.
  if (!patched(CALL_RECORDER_PATCH)) return callWorkflowV1(input);

  const { terms, policy, carried } = input;
  const funderIds = terms.fundingPlan.map((line) => line.funderId);
  const recorder = moduleRecorder<RecordedCall, CallEventBody>({
    streamId: input.callId,
    // A run of before the recorder carries no count: its steps had names, the recorder's are e1, e2…
    initial: carried ? { ...carried.state, lastSeq: carried.state.lastSeq ?? 0 } : launchedCall(input),
    evolve: (state, event) => evolveCall(state!, event),
    // Who hears of an event is read from the state right after it (the invited, a consortium's lead).
    record: ({ event, step }, state) =>
      acts.recordCallEvent({
        event,
        step,
        audiences: callAudiences(event, {
          territories: terms.territories,
          funderIds,
          invited: state.invited,
          members: event.type === 'ConsortiumInvitationAnswered' ? leadOf(state, event.payload.consortiumId) : undefined,
        }),
        facts: { callTitle: terms.title },
      }),
    search: (s) => ({ kind: 'call', status: s.phase, territoryIds: terms.territories, funderIds }),
  });
  const state = () => recorder.state;
  /** The call as readers see it (the recorder's count apart). */
  const view = (): CallState => withoutSeq(state());
  const budget = runBudget(input.maxUpdatesPerRun);
  let stage: CallCarried['stage'] = carried?.stage ?? 'open';
  let invitationsSent = carried !== undefined;
  const settled = new Set<string>(carried?.settled);
  const user = (id: string, role: Role): Actor => ({ kind: 'user', id, role });
  /** Counts the update, emits the event, waits until it is recorded, and answers the call as it is then. */
  const answer = async (body: CallEventBody, actor: Actor): Promise<CallState> => {
    budget.count();
    await recorder.record(body, actor);
    return view();
  };

  /**
   * Waits for `done`, or the deadline (false then). A run that has taken its share of updates
   * hands over here to a new run, once its handlers are done, and the wait goes on there.
   */
  async function wait(deadline: string | undefined, done: () => boolean): Promise<boolean> {
    for (;;) {
      if (deadline === undefined) await condition(() => done() || budget.full());
      else await condition(() => done() || budget.full(), until(deadline));
      if (done()) return true;
      if (!budget.full()) return false;
      await condition(allHandlersFinished);
      await recorder.settled();
      await continueAsNew<typeof callWorkflow>({ ...input, carried: { state: state(), stage, operations: carried?.operations ?? 0, settled: [...settled] } });
    }
  }

  setHandler(callStateQuery, view);
  setHandler(launchedUpdate, async () => {
    budget.count();
    await condition(() => invitationsSent);
    return view();
  });

  setHandler(
    scheduleMeetupUpdate,
    (c) => answer({ type: 'MeetupScheduled', payload: { meetupId: c.meetupId, at: c.at, place: c.place.trim() } }, user(c.actorId, c.actorRole)),
    { validator: (c) => refuse(scheduleMeetupProblem(state(), c)) },
  );

  setHandler(
    rsvpUpdate,
    (c) =>
      answer(
        { type: 'MeetupRsvpRecorded', payload: { meetupId: c.meetupId, associationId: c.associationId, attending: c.attending } },
        user(c.actorId, 'association'),
      ),
    { validator: (c) => refuse(rsvpProblem(state(), c)) },
  );

  setHandler(
    recordAttendanceUpdate,
    (c) => answer({ type: 'MeetupAttendanceRecorded', payload: { meetupId: c.meetupId, attendeeIds: c.attendeeIds } }, user(c.actorId, c.actorRole)),
    { validator: (c) => refuse(attendanceProblem(state(), c, Date.now())) },
  );

  setHandler(
    createConsortiumUpdate,
    (c) =>
      answer(
        { type: 'ConsortiumFormed', payload: { consortiumId: c.consortiumId, name: c.name.trim(), leadAssociationId: c.associationId } },
        user(c.actorId, 'association'),
      ),
    { validator: (c) => refuse(createConsortiumProblem(state(), c, Date.now())) },
  );

  setHandler(
    inviteMemberUpdate,
    (c) =>
      answer({ type: 'ConsortiumMemberInvited', payload: { consortiumId: c.consortiumId, associationId: c.associationId } }, user(c.actorId, 'association')),
    { validator: (c) => refuse(inviteProblem(state(), c, Date.now())) },
  );

  setHandler(
    answerInvitationUpdate,
    (c) =>
      answer(
        { type: 'ConsortiumInvitationAnswered', payload: { consortiumId: c.consortiumId, associationId: c.associationId, accepted: c.accept } },
        user(c.actorId, 'association'),
      ),
    { validator: (c) => refuse(answerInvitationProblem(state(), c, Date.now())) },
  );

  setHandler(
    expressInterestUpdate,
    async (c) => {
      budget.count();
      // Emitted first, so that a concurrent command sees the consortium taken.
      const formed = c.consortiumId ? state().consortia.find((x) => x.id === c.consortiumId) : undefined;
      const consortiumId = formed?.id ?? c.soloConsortiumId;
      const members = formed ? [...formed.members] : [c.associationId];
      const applicationId = applicationIdOf(consortiumId);
      const summary = c.summary.trim();
      recorder.emit(
        {
          type: 'ExpressionOfInterestReceived',
          payload: {
            applicationId,
            consortiumId,
            members,
            summary,
            ...(formed ? {} : { consortiumName: c.soloConsortiumName, leadAssociationId: c.associationId }),
          },
        },
        user(c.actorId, 'association'),
      );
      const consortium = state().consortia.find((x) => x.id === consortiumId)!;
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
            callId: input.callId,
            consortiumId,
            consortiumName: consortium.name,
            leadAssociationId: consortium.leadAssociationId,
            members: described,
            call: {
              title: terms.title,
              territories: terms.territories,
              funderIds,
              budgetCents: terms.budgetCents,
              targetPublic: terms.targetPublic,
              eoiDeadline: terms.eoiDeadline,
              proposalDeadline: terms.proposalDeadline,
            },
            paidPreselection: state().paidPreselection,
            policy,
            summary,
            expressedAt: nowIso(),
            expressedBy: c.actorId,
            stipendSplit: split,
          },
        ],
      });
      await recorder.settled();
      return { applicationId, state: view() };
    },
    { validator: (c) => refuse(expressInterestProblem(state(), c, Date.now())) },
  );

  setHandler(applicationProposalSignal, (notice) => {
    recorder.note((s) => noticeApplication(s, notice));
    if (notice.settled) settled.add(notice.applicationId);
  });

  setHandler(
    shortlistUpdate,
    async (c) => {
      const decisions = c.decisions.map((d) => ({ ...d, reason: d.reason.trim() }));
      for (const decision of decisions.filter((d) => !d.shortlisted)) settled.add(decision.applicationId);
      const answered = await answer({ type: 'ShortlistDecided', payload: { decisions } }, user(c.actorId, c.actorRole));
      for (const decision of decisions) {
        await getExternalWorkflowHandle(decision.applicationId).signal(shortlistOutcomeSignal, { shortlisted: decision.shortlisted, reason: decision.reason });
      }
      return answered;
    },
    { validator: (c) => refuse(shortlistProblem(state(), c)) },
  );

  setHandler(
    acceptFundingLineUpdate,
    (c) => {
      const accepted = [...(state().fundersAccepted ?? []), c.funderId];
      const awaiting = awaitingFunders({ fundingPlan: terms.fundingPlan, fundersAccepted: accepted });
      return answer(
        { type: 'CallFundingLineAccepted', payload: { funderId: c.funderId, awaitingFunders: awaiting } },
        { kind: 'user', id: c.actorId, role: 'funder' },
      );
    },
    { validator: (c) => refuse(acceptCallLineProblem(state(), c)) },
  );

  setHandler(
    awardUpdate,
    async (c) => {
      const awards = c.awards.map(({ applicationId, amountCents }) => ({ applicationId, amountCents }));
      const reason = c.reason.trim();
      const holding = state().applications.filter((a) => a.status === 'proposal_submitted');
      const totalCents = awards.reduce((sum, a) => sum + a.amountCents, 0);
      await answer({ type: 'AwardsDecided', payload: { awards, totalCents, reason } }, user(c.actorId, c.actorRole));
      for (const application of holding) {
        const award = awards.find((a) => a.applicationId === application.id);
        await getExternalWorkflowHandle(application.id).signal(awardOutcomeSignal, { amountCents: award?.amountCents ?? 0, reason });
      }
      return view();
    },
    { validator: (c) => refuse(awardProblem(state(), c)) },
  );

  // 1. Launched; every association matched by theme and territory is invited, none other.
  if (!carried) {
    const launcher: Actor = { kind: 'user', id: input.launchedBy.id, role: input.launchedBy.role };
    const launching = state();
    const launched = {
      ...terms,
      paidPreselection: launching.paidPreselection,
      policy,
      ...(launching.awaitingFunders ? { awaitingFunders: launching.awaitingFunders } : {}),
    };
    recorder.emit({ type: 'CallLaunched', payload: launched }, launcher);
    const invited = await acts.matchAssociations({ themes: terms.themes, territories: terms.territories });
    await recorder.record({ type: 'AssociationsInvited', payload: { associationIds: invited } }, SYSTEM_ACTOR);
  }
  invitationsSent = true;

  // 2. Meetups, consortia and expressions of interest until the EOI deadline.
  if (stage === 'open') {
    await wait(terms.eoiDeadline, () => false);
    await condition(allHandlersFinished);
    const next = state().paidPreselection ? 'preselection' : 'proposals';
    await recorder.record({ type: 'ExpressionsClosed', payload: { applications: state().applications.length, next } }, SYSTEM_ACTOR);
    stage = next;
  }

  // 3. Above the threshold, the shortlist; without one by the proposal deadline, nobody is shortlisted.
  if (stage === 'preselection') {
    const decided = await wait(terms.proposalDeadline, () => state().shortlist !== undefined);
    if (!decided) {
      await condition(allHandlersFinished);
      recorder.note(shortlistLapsed);
      for (const application of state().applications) {
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
    await wait(undefined, () => state().applications.every((a) => settled.has(a.id)) && allHandlersFinished());
    const proposals = state().applications.filter((a) => a.status === 'proposal_submitted').length;
    await recorder.record({ type: 'ProposalsClosed', payload: { proposals } }, SYSTEM_ACTOR);
    stage = 'deciding';
  }

  // 5. The awards, within the budget; then the applications carry on as grants.
  await wait(undefined, () => state().awards !== undefined);
  await condition(allHandlersFinished);
  await recorder.settled();
  return view();
}

/** The lead of a consortium: who hears of an answer to its invitation. */
function leadOf(state: RecordedCall, consortiumId: string): string[] {
  const lead = state.consortia.find((c) => c.id === consortiumId)?.leadAssociationId;
  return lead ? [lead] : [];
}
