import { ParentClosePolicy, allHandlersFinished, condition, continueAsNew, patched, setHandler, startChild } from '@temporalio/workflow';
import {
  Actor,
  CohortEventBody,
  CohortState,
  SYSTEM_ACTOR,
  cohortId,
  incubationAudiences,
  nominateProblem,
  selectProblem,
  selectedCount,
} from '@grants/domain';
import { CohortInput, incubationIdFor } from '@grants/contracts';
import { acts, refuse, runBudget } from './common';
import { cohortOpenedUpdate, cohortStateQuery, nominateUpdate, selectUpdate } from './incubation.messages';
import { incubationWorkflow } from './incubation.workflow';

/**
 * A cohort as runs started before the recorder go on (and their recorded histories replay): its
 * state set by hand beside its events. Kept unchanged for them; new runs take
 * incubationCohortWorkflow's recorder (the `cohort-recorder` patch). Remove it once no run older than
 * the patch is open and its histories are retired (deprecatePatch first).
 */
export async function incubationCohortWorkflowV1(input: CohortInput): Promise<CohortState> {
  const state: CohortState = input.carried?.state ?? {
    id: cohortId(input.territoryId, input.year),
    territoryId: input.territoryId,
    year: input.year,
    capacity: input.capacity,
    nominationDeadline: input.nominationDeadline,
    openedBy: input.openedBy,
    openedAt: input.openedAt,
    status: 'open',
    nominations: [],
    policy: input.policy,
  };
  // A cohort continues as new before Temporal's limits; cohorts opened before that replay as they ran.
  const canContinue = input.carried !== undefined || patched('cohorts-continue-as-new');
  const budget = runBudget(input.maxUpdatesPerRun);
  let opened = input.carried !== undefined;
  const title = `${input.territoryId} ${input.year}`;

  async function record(step: string, body: CohortEventBody, actor: Actor, associationId?: string): Promise<void> {
    const occurredAt = new Date().toISOString();
    await acts.appendGrantEvent({ ...body, grantId: state.id, kind: 'incubation_cohort', actor, occurredAt, step });
    const audiences = incubationAudiences(body, { associationId, territoryId: state.territoryId });
    if (audiences.length) {
      await acts.notifyIncubationParties({
        streamId: state.id,
        title,
        path: `/incubation-cohorts/${state.territoryId}/${state.year}`,
        step,
        event: body,
        audiences,
        occurredAt,
      });
    }
  }

  setHandler(cohortStateQuery, () => state);
  setHandler(cohortOpenedUpdate, async () => {
    budget.count();
    await condition(() => opened);
    return state;
  });

  setHandler(
    nominateUpdate,
    async (c) => {
      budget.count();
      const nomination = {
        id: c.nominationId,
        associationId: c.associationId,
        projectTitle: c.projectTitle.trim(),
        description: c.description.trim(),
        themes: c.themes,
        qpv: c.qpv.trim(),
        nominatedBy: c.actorId,
        nominatedAt: new Date().toISOString(),
        status: 'nominated' as const,
      };
      state.nominations.push(nomination);
      await record(
        `nomination:${c.nominationId}`,
        {
          type: 'ProjectNominated',
          payload: {
            nominationId: c.nominationId,
            associationId: c.associationId,
            projectTitle: nomination.projectTitle,
            themes: c.themes,
            qpv: nomination.qpv,
          },
        },
        { kind: 'user', id: c.actorId, role: c.actorRole },
        c.associationId,
      );
      return state;
    },
    { validator: (c) => refuse(nominateProblem(state, c, Date.now())) },
  );

  setHandler(
    selectUpdate,
    async (c) => {
      budget.count();
      // Taken at once, before any await: the next validator already counts this selection.
      const nomination = state.nominations.find((n) => n.id === c.nominationId)!;
      const incubationId = incubationIdFor(state.id, nomination.id);
      const selectedAt = new Date().toISOString();
      nomination.status = 'selected';
      nomination.selection = { reason: c.reason.trim(), selectedBy: c.actorId, at: selectedAt, incubationId };
      const selected = selectedCount(state);
      await startChild(incubationWorkflow, {
        workflowId: incubationId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [
          {
            incubationId,
            cohortId: state.id,
            territoryId: state.territoryId,
            year: state.year,
            associationId: nomination.associationId,
            projectTitle: nomination.projectTitle,
            description: nomination.description,
            themes: nomination.themes,
            qpv: nomination.qpv,
            selectionReason: c.reason.trim(),
            selectedBy: c.actorId,
            selectedAt,
            policy: input.policy,
            ...(input.maxUpdatesPerRun ? { maxUpdatesPerRun: input.maxUpdatesPerRun } : {}),
          },
        ],
      });
      await record(
        `selection:${nomination.id}`,
        {
          type: 'ProjectSelected',
          payload: {
            nominationId: nomination.id,
            incubationId,
            associationId: nomination.associationId,
            projectTitle: nomination.projectTitle,
            reason: c.reason.trim(),
            selected,
            capacity: state.capacity,
          },
        },
        { kind: 'user', id: c.actorId, role: 'project_lead' },
        nomination.associationId,
      );
      return { incubationId, state };
    },
    { validator: (c) => refuse(selectProblem(state, c, Date.now())) },
  );

  if (!input.carried) {
    await record(
      'opened',
      {
        type: 'CohortOpened',
        payload: { territoryId: state.territoryId, year: state.year, capacity: state.capacity, nominationDeadline: state.nominationDeadline },
      },
      { kind: 'user', id: input.openedBy, role: 'project_lead' },
    );
  }
  opened = true;

  // Nominations and selections until the deadline; then the cohort closes (its projects live on).
  // A run that has taken its share of updates hands over to a new one, carrying the cohort.
  const full = () => canContinue && budget.full();
  if (await condition(full, Math.max(Date.parse(state.nominationDeadline) - Date.now(), 1))) {
    await condition(allHandlersFinished);
    await continueAsNew<typeof incubationCohortWorkflowV1>({ ...input, carried: { state } });
  }
  await condition(allHandlersFinished);
  await record('closed', { type: 'CohortClosed', payload: { selected: selectedCount(state), nominations: state.nominations.length } }, SYSTEM_ACTOR);
  state.status = 'closed';
  return state;
}
