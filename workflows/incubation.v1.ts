import { allHandlersFinished, condition, continueAsNew, patched, setHandler } from '@temporalio/workflow';
import {
  Actor,
  IncubationEventBody,
  IncubationState,
  MILESTONES,
  SYSTEM_ACTOR,
  assignMentorProblem,
  completeMilestoneProblem,
  fundingLeadProblem,
  impactReportProblem,
  incubationAudiences,
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

/**
 * An incubated project as runs started before the recorder go on (and their recorded histories
 * replay): its state set by hand beside its events, each event appended then notified by two
 * activities. Kept unchanged for them; new runs take incubationWorkflow's recorder (the
 * `incubation-recorder` patch). Remove it once no run older than the patch is open and its histories
 * are retired (deprecatePatch first).
 */
export async function incubationWorkflowV1(input: IncubationInput): Promise<IncubationState> {
  const { policy } = input;
  const { carried } = input;
  const state: IncubationState = carried?.state ?? {
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
    status: 'awaiting_mentor',
    checkIns: [],
    fundingLeads: [],
    policy,
  };
  // A project's follow-up continues as new before Temporal's limits, carrying everything; projects
  // started before that was possible replay as they ran.
  const canContinue = carried !== undefined || patched('incubations-continue-as-new');
  const budget = runBudget(input.maxUpdatesPerRun);
  let dirty = false;
  let mentors = carried?.mentors ?? 0;
  let nextCheckInAt: number | undefined = carried?.nextCheckInAt;
  let reportRecorded = false;

  async function record(step: string, body: IncubationEventBody, actor: Actor): Promise<void> {
    const occurredAt = new Date().toISOString();
    await acts.appendGrantEvent({ ...body, grantId: state.id, kind: 'incubation', actor, occurredAt, step });
    const audiences = incubationAudiences(body, {
      associationId: state.associationId,
      mentorAssociationId: state.mentor?.associationId,
      territoryId: state.territoryId,
    });
    if (audiences.length) {
      await acts.notifyIncubationParties({
        streamId: state.id,
        title: state.projectTitle,
        path: `/incubations/${state.id}`,
        step,
        event: body,
        audiences,
        occurredAt,
      });
    }
  }
  const person = (id: string): Actor => ({ kind: 'user', id, role: 'association' });

  setHandler(incubationStateQuery, () => state);

  setHandler(
    assignMentorUpdate,
    async (c) => {
      budget.count();
      state.mentor = { associationId: c.mentorAssociationId, assignedAt: new Date().toISOString(), assignedBy: c.actorId };
      if (state.status === 'awaiting_mentor') state.status = 'awaiting_plan';
      await record(
        `mentor:${++mentors}`,
        { type: 'MentorAssigned', payload: { mentorAssociationId: c.mentorAssociationId } },
        { kind: 'user', id: c.actorId, role: 'project_lead' },
      );
      return state;
    },
    { validator: (c) => refuse(assignMentorProblem(state, c)) },
  );

  let plans = carried?.plans ?? 0;
  setHandler(
    setPlanUpdate,
    async (c) => {
      budget.count();
      const setAt = Date.now();
      const milestones = MILESTONES.map((name) => {
        const previous = state.plan?.milestones.find((m) => m.name === name);
        if (previous?.completedAt) return previous;
        return {
          name,
          dueAt: c.dueDates?.[name] ? new Date(c.dueDates[name]!).toISOString() : new Date(setAt + policy.milestoneOffsetsMs[name]).toISOString(),
          overdue: false,
        };
      });
      state.plan = { supports: [...new Set(c.supports)], setAt: new Date(setAt).toISOString(), milestones };
      state.status = 'in_progress';
      nextCheckInAt = setAt + policy.checkInEveryMs;
      dirty = true;
      await record(
        `plan:${++plans}`,
        { type: 'SupportPlanSet', payload: { supports: state.plan.supports, milestones: milestones.map(({ name, dueAt }) => ({ name, dueAt })) } },
        { kind: 'user', id: c.actorId, role: c.actorRole ?? 'project_lead' },
      );
      return state;
    },
    { validator: (c) => refuse(planProblem(state, c, Date.now())) },
  );

  setHandler(
    completeMilestoneUpdate,
    async (c) => {
      budget.count();
      const milestone = state.plan!.milestones.find((m) => m.name === c.milestone)!;
      milestone.completedAt = new Date().toISOString();
      milestone.note = c.note?.trim() || undefined;
      dirty = true;
      await record(`milestone:${c.milestone}`, { type: 'MilestoneCompleted', payload: { milestone: c.milestone, note: milestone.note } }, person(c.actorId));
      return state;
    },
    { validator: (c) => refuse(completeMilestoneProblem(state, c)) },
  );

  setHandler(
    addFundingLeadUpdate,
    async (c) => {
      budget.count();
      const lead = { ...c.lead, description: c.lead.description.trim() };
      state.fundingLeads.push(lead);
      await record(
        `lead:${lead.id}`,
        { type: 'FundingLeadRecorded', payload: { leadId: lead.id, kind: lead.kind, description: lead.description, openedId: lead.openedId } },
        person(c.actorId),
      );
      return state;
    },
    { validator: (c) => refuse(fundingLeadProblem(state, c)) },
  );

  setHandler(
    submitImpactReportUpdate,
    async (c) => {
      budget.count();
      state.impactReport = { summary: c.summary.trim(), submittedAt: new Date().toISOString(), submittedBy: c.actorId };
      dirty = true;
      await record('impact-report', { type: 'ImpactReportSubmitted', payload: { summary: state.impactReport.summary } }, person(c.actorId));
      reportRecorded = true;
      dirty = true;
      await condition(() => state.status === 'graduated');
      return state;
    },
    { validator: (c) => refuse(impactReportProblem(state, c)) },
  );

  setHandler(
    withdrawUpdate,
    async (c) => {
      budget.count();
      state.withdrawal = { reason: c.reason.trim(), at: new Date().toISOString(), by: c.actorId };
      dirty = true;
      await condition(() => state.status === 'withdrawn');
      return state;
    },
    { validator: (c) => refuse(withdrawProblem(state, c)) },
  );

  if (!carried) {
    await record(
      'started',
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

  // The follow-up: check-ins and milestone deadlines, until the impact report or a withdrawal.
  for (;;) {
    const now = Date.now();
    if (state.withdrawal) {
      await record('withdrawn', { type: 'IncubationWithdrawn', payload: { reason: state.withdrawal.reason } }, person(state.withdrawal.by));
      state.status = 'withdrawn';
      await condition(allHandlersFinished);
      return state;
    }
    if (state.impactReport) {
      await condition(() => state.impactReport !== undefined && reportRecorded);
      await record('graduated', { type: 'IncubationGraduated', payload: { impactSummary: state.impactReport.summary } }, SYSTEM_ACTOR);
      state.status = 'graduated';
      await condition(allHandlersFinished);
      return state;
    }
    if (nextCheckInAt !== undefined && nextCheckInAt <= now) {
      const n = state.checkIns.length + 1;
      state.checkIns.push({ n, at: new Date(now).toISOString() });
      nextCheckInAt += policy.checkInEveryMs;
      await record(`check-in:${n}`, { type: 'CheckInReminderSent', payload: { n } }, SYSTEM_ACTOR);
    }
    for (const milestone of state.plan?.milestones ?? []) {
      if (!milestone.completedAt && !milestone.overdue && Date.parse(milestone.dueAt) <= now) {
        milestone.overdue = true;
        await record(
          `overdue:${milestone.name}:${milestone.dueAt}`,
          { type: 'MilestoneOverdue', payload: { milestone: milestone.name, dueAt: milestone.dueAt } },
          SYSTEM_ACTOR,
        );
      }
    }
    dirty = false;
    const moments = [
      ...(nextCheckInAt !== undefined ? [nextCheckInAt] : []),
      ...(state.plan?.milestones ?? []).filter((m) => !m.completedAt && !m.overdue).map((m) => Date.parse(m.dueAt)),
    ].filter((m) => m > Date.now());
    const full = () => canContinue && budget.full();
    if (moments.length) await condition(() => dirty || full(), Math.max(Math.min(...moments) - Date.now(), 1));
    else await condition(() => dirty || full());
    if (!dirty && full()) {
      // A run that has taken its share of updates hands over to a new one once its handlers are
      // done; a report or a withdrawal arriving meanwhile is dealt with first.
      await condition(() => allHandlersFinished() || dirty);
      if (!dirty) await continueAsNew<typeof incubationWorkflowV1>({ ...input, carried: { state, mentors, plans, nextCheckInAt } });
    }
  }
}
