import { ParentClosePolicy, allHandlersFinished, condition, continueAsNew, patched, setHandler, startChild } from '@temporalio/workflow';
import {
  CohortEventBody,
  CohortState,
  RecordedCohort,
  SYSTEM_ACTOR,
  cohortId,
  evolveCohort,
  incubationAudiences,
  nominateProblem,
  openedCohort,
  selectProblem,
  selectedCount,
} from '@grants/domain';
import { CohortInput, incubationIdFor } from '@grants/contracts';
import { acts, refuse, runBudget } from './common';
import { cohortOpenedUpdate, cohortStateQuery, nominateUpdate, selectUpdate } from './incubation.messages';
import { incubationWorkflow } from './incubation.workflow';
import { incubationCohortWorkflowV1 } from './incubation-cohort.v1';
import { moduleRecorder } from './recorder';

/** Runs started since this patch change their state through evolveCohort and record each event in one activity. */
export const COHORT_RECORDER_PATCH = 'cohort-recorder';

/**
 * A territory's incubation cohort for a year: nominations (by the project lead or an association
 * itself) and selections with a reason until the deadline, never above the capacity whatever the
 * concurrency; each selection starts the incubated project's own workflow.
 *
 * Handlers validate and emit events; the state changes only through evolveCohort (at once: the next
 * selection's validator already counts this one); each event is recorded by one activity, one after
 * the other. The run continues as new before Temporal's limits, carrying its state.
 */
export async function incubationCohortWorkflow(input: CohortInput): Promise<CohortState> {
  // Runs started before the recorder (and their recorded histories) go on as they were written.
  if (!patched(COHORT_RECORDER_PATCH)) return incubationCohortWorkflowV1(input);

  const { carried } = input;
  const title = `${input.territoryId} ${input.year}`;
  const recorder = moduleRecorder<RecordedCohort, CohortEventBody>({
    streamId: cohortId(input.territoryId, input.year),
    initial: carried
      ? { ...carried.state, lastSeq: carried.state.lastSeq ?? 0 }
      : openedCohort({
          id: cohortId(input.territoryId, input.year),
          territoryId: input.territoryId,
          year: input.year,
          capacity: input.capacity,
          nominationDeadline: input.nominationDeadline,
          openedBy: input.openedBy,
          openedAt: input.openedAt,
          policy: input.policy,
        }),
    evolve: (state, event) => evolveCohort(state!, event),
    // The association a nomination or a selection is about hears of it, with the territory's project lead.
    record: ({ event, step }) =>
      acts.recordCohortEvent({
        event,
        step,
        title,
        audiences: incubationAudiences(event, {
          associationId: 'associationId' in event.payload ? event.payload.associationId : undefined,
          territoryId: input.territoryId,
        }),
        territoryId: input.territoryId,
        year: input.year,
      }),
    search: (s) => ({ kind: 'incubation_cohort', status: s.status, territoryIds: [s.territoryId] }),
  });
  const state = () => recorder.state;
  const budget = runBudget(input.maxUpdatesPerRun);
  let opened = carried !== undefined;

  setHandler(cohortStateQuery, state);
  // The opening's answer: once the cohort's opening is recorded.
  setHandler(cohortOpenedUpdate, async () => {
    budget.count();
    await condition(() => opened);
    await recorder.settled();
    return state();
  });

  setHandler(
    nominateUpdate,
    async (c) => {
      budget.count();
      await recorder.record(
        {
          type: 'ProjectNominated',
          payload: {
            nominationId: c.nominationId,
            associationId: c.associationId,
            projectTitle: c.projectTitle.trim(),
            description: c.description.trim(),
            themes: c.themes,
            qpv: c.qpv.trim(),
          },
        },
        { kind: 'user', id: c.actorId, role: c.actorRole },
      );
      return state();
    },
    { validator: (c) => refuse(nominateProblem(state(), c, Date.now())) },
  );

  setHandler(
    selectUpdate,
    async (c) => {
      budget.count();
      // Emitted at once, before any await: the next validator already counts this selection.
      const nomination = state().nominations.find((n) => n.id === c.nominationId)!;
      const incubationId = incubationIdFor(state().id, nomination.id);
      const reason = c.reason.trim();
      const { state: selected, recorded } = recorder.emit(
        {
          type: 'ProjectSelected',
          payload: {
            nominationId: nomination.id,
            incubationId,
            associationId: nomination.associationId,
            projectTitle: nomination.projectTitle,
            reason,
            selected: selectedCount(state()) + 1,
            capacity: state().capacity,
          },
        },
        { kind: 'user', id: c.actorId, role: 'project_lead' },
      );
      const selectedAt = selected.nominations.find((n) => n.id === nomination.id)!.selection!.at;
      await startChild(incubationWorkflow, {
        workflowId: incubationId,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        args: [
          {
            incubationId,
            cohortId: state().id,
            territoryId: input.territoryId,
            year: input.year,
            associationId: nomination.associationId,
            projectTitle: nomination.projectTitle,
            description: nomination.description,
            themes: nomination.themes,
            qpv: nomination.qpv,
            selectionReason: reason,
            selectedBy: c.actorId,
            selectedAt,
            policy: input.policy,
            ...(input.maxUpdatesPerRun ? { maxUpdatesPerRun: input.maxUpdatesPerRun } : {}),
          },
        ],
      });
      await recorded;
      return { incubationId, state: state() };
    },
    { validator: (c) => refuse(selectProblem(state(), c, Date.now())) },
  );

  if (!carried) {
    recorder.emit(
      {
        type: 'CohortOpened',
        payload: { territoryId: input.territoryId, year: input.year, capacity: input.capacity, nominationDeadline: input.nominationDeadline },
      },
      { kind: 'user', id: input.openedBy, role: 'project_lead' },
    );
  }
  opened = true;

  // Nominations and selections until the deadline; then the cohort closes (its projects live on).
  // A run that has taken its share of updates hands over to a new one, carrying the cohort.
  if (await condition(budget.full, Math.max(Date.parse(state().nominationDeadline) - Date.now(), 1))) {
    // Once every handler has answered and every event is recorded, in the same activation.
    await condition(() => allHandlersFinished() && recorder.idle);
    await continueAsNew<typeof incubationCohortWorkflow>({ ...input, carried: { state: state() } });
  }
  await condition(allHandlersFinished);
  await recorder.record({ type: 'CohortClosed', payload: { selected: selectedCount(state()), nominations: state().nominations.length } }, SYSTEM_ACTOR);
  return state();
}
