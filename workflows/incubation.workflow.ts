import { allHandlersFinished, condition, continueAsNew, patched, setHandler } from '@temporalio/workflow';
import {
  Actor,
  IncubationEventBody,
  IncubationState,
  MILESTONES,
  RecordedIncubation,
  SYSTEM_ACTOR,
  assignMentorProblem,
  completeMilestoneProblem,
  evolveIncubation,
  fundingLeadProblem,
  impactReportProblem,
  incubationAudiences,
  incubationClock,
  openedIncubation,
  planProblem,
  withdrawProblem,
} from '@grants/domain';
import { IncubationInput } from '@grants/contracts';
import { acts, refuse, runBudget } from './common';
import {
  addFundingLeadUpdate,
  assignMentorUpdate,
  completeMilestoneUpdate,
  incubationStateQuery,
  setPlanUpdate,
  submitImpactReportUpdate,
  withdrawUpdate,
} from './incubation.messages';
import { moduleRecorder } from './recorder';
import { incubationWorkflowV1 } from './incubation.v1';

/** Runs started since this patch change their state through evolveIncubation and record each event in one activity. */
export const INCUBATION_RECORDER_PATCH = 'incubation-recorder';

/** Where a run continues from: its own carried state, or one carried by a run of before (counters apart). */
function carriedState(carried: NonNullable<IncubationInput['carried']>): RecordedIncubation {
  const { state } = carried;
  const nextCheckInAt = state.nextCheckInAt ?? (carried.nextCheckInAt !== undefined ? new Date(carried.nextCheckInAt).toISOString() : undefined);
  return { ...state, lastSeq: state.lastSeq ?? 0, ...(nextCheckInAt ? { nextCheckInAt } : {}) };
}

/**
 * One incubated project: a mentor association (never its own), a support plan with milestones,
 * check-in reminders to the project and its mentor every few weeks, overdue milestones flagged,
 * funding leads (some opening real micro-grants or call applications); it ends graduated with its
 * impact report, or withdrawn with a reason. Accompany, not control.
 *
 * Handlers validate and emit events; the state changes only through evolveIncubation; the clock
 * (incubationClock) says which reminder or deadline is due; each event is recorded by one activity
 * (the log, the read model, the notifications), one after the other. The run continues as new
 * before Temporal's limits, carrying its state.
 */
export async function incubationWorkflow(input: IncubationInput): Promise<IncubationState> {
  // Runs started before the recorder (and their recorded histories) go on as they were written.
  if (!patched(INCUBATION_RECORDER_PATCH)) return incubationWorkflowV1(input);

  const { policy, carried } = input;
  const recorder = moduleRecorder<RecordedIncubation, IncubationEventBody>({
    streamId: input.incubationId,
    initial: carried
      ? carriedState(carried)
      : openedIncubation({
          id: input.incubationId,
          cohortId: input.cohortId,
          territoryId: input.territoryId,
          year: input.year,
          associationId: input.associationId,
          projectTitle: input.projectTitle,
          description: input.description,
          themes: input.themes,
          qpv: input.qpv,
          selectionReason: input.selectionReason,
          selectedAt: input.selectedAt,
          policy,
        }),
    evolve: (state, event) => evolveIncubation(state!, event),
    // Who hears of an event is read from the state right after it (a new mentor hears of its assignment).
    record: ({ event, step }, state) =>
      acts.recordIncubationEvent({
        event,
        step,
        title: state.projectTitle,
        audiences: incubationAudiences(event, {
          associationId: state.associationId,
          mentorAssociationId: state.mentor?.associationId,
          territoryId: state.territoryId,
        }),
      }),
    search: (s) => ({
      kind: 'incubation',
      status: s.status,
      territoryIds: [s.territoryId],
      associationIds: [s.associationId, ...(s.mentor ? [s.mentor.associationId] : [])],
    }),
  });
  const state = () => recorder.state;
  const budget = runBudget(input.maxUpdatesPerRun);
  const person = (id: string): Actor => ({ kind: 'user', id, role: 'association' });
  /** Emits the event, waits until it is recorded, and answers the state as it is then. */
  const answer = async (body: IncubationEventBody, actor: Actor): Promise<IncubationState> => {
    budget.count();
    await recorder.record(body, actor);
    return state();
  };

  setHandler(incubationStateQuery, state);

  setHandler(
    assignMentorUpdate,
    (c) => answer({ type: 'MentorAssigned', payload: { mentorAssociationId: c.mentorAssociationId } }, { kind: 'user', id: c.actorId, role: 'project_lead' }),
    { validator: (c) => refuse(assignMentorProblem(state(), c)) },
  );

  setHandler(
    setPlanUpdate,
    (c) => {
      // A milestone already reached keeps its date; the others take the one asked, or the policy's.
      const setAt = Date.now();
      const milestones = MILESTONES.map((name) => {
        const previous = state().plan?.milestones.find((m) => m.name === name);
        if (previous?.completedAt) return { name, dueAt: previous.dueAt };
        const asked = c.dueDates?.[name];
        return { name, dueAt: new Date(asked ? Date.parse(asked) : setAt + policy.milestoneOffsetsMs[name]).toISOString() };
      });
      return answer(
        { type: 'SupportPlanSet', payload: { supports: [...new Set(c.supports)], milestones } },
        { kind: 'user', id: c.actorId, role: c.actorRole ?? 'project_lead' },
      );
    },
    { validator: (c) => refuse(planProblem(state(), c, Date.now())) },
  );

  setHandler(
    completeMilestoneUpdate,
    (c) => answer({ type: 'MilestoneCompleted', payload: { milestone: c.milestone, note: c.note?.trim() || undefined } }, person(c.actorId)),
    { validator: (c) => refuse(completeMilestoneProblem(state(), c)) },
  );

  setHandler(
    addFundingLeadUpdate,
    (c) =>
      answer(
        {
          type: 'FundingLeadRecorded',
          payload: { leadId: c.lead.id, kind: c.lead.kind, description: c.lead.description.trim(), openedId: c.lead.openedId },
        },
        person(c.actorId),
      ),
    { validator: (c) => refuse(fundingLeadProblem(state(), c)) },
  );

  setHandler(
    submitImpactReportUpdate,
    async (c) => {
      await answer({ type: 'ImpactReportSubmitted', payload: { summary: c.summary.trim() } }, person(c.actorId));
      // The report completes the support: the answer says graduated.
      await condition(() => state().status === 'graduated');
      return state();
    },
    { validator: (c) => refuse(impactReportProblem(state(), c)) },
  );

  setHandler(withdrawUpdate, (c) => answer({ type: 'IncubationWithdrawn', payload: { reason: c.reason.trim() } }, person(c.actorId)), {
    validator: (c) => refuse(withdrawProblem(state(), c)),
  });

  if (!carried) {
    recorder.emit(
      {
        type: 'IncubationStarted',
        payload: {
          cohortId: input.cohortId,
          associationId: input.associationId,
          projectTitle: input.projectTitle,
          territoryId: input.territoryId,
          year: input.year,
          themes: input.themes,
          qpv: input.qpv,
          reason: input.selectionReason,
        },
      },
      { kind: 'user', id: input.selectedBy, role: 'project_lead' },
    );
  }

  // The follow-up: check-ins and milestone deadlines, until graduated or withdrawn.
  for (;;) {
    if (state().status === 'graduated' || state().status === 'withdrawn') {
      await condition(allHandlersFinished);
      await recorder.settled();
      return state();
    }
    const { due, nextAt } = incubationClock(state(), Date.now());
    if (due) {
      await recorder.record(due, SYSTEM_ACTOR);
      continue;
    }
    recorder.takeChanged();
    const full = () => budget.full();
    if (nextAt !== undefined) await condition(() => recorder.changed || full(), Math.max(nextAt - Date.now(), 1));
    else await condition(() => recorder.changed || full());
    if (!recorder.changed && full()) {
      // A run that has taken its share of updates hands over to a new one once its handlers are
      // done and every event is recorded; a command arriving meanwhile is dealt with first.
      await condition(() => (allHandlersFinished() && recorder.idle) || recorder.changed);
      if (!recorder.changed) await continueAsNew<typeof incubationWorkflow>({ ...input, carried: { state: state() } });
    }
  }
}
