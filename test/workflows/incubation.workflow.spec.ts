import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { CohortState, DAY_MS, DEFAULT_INCUBATION_POLICY, IncubationState, cohortId } from '@grants/domain';
import { CohortInput } from '@grants/contracts';
import type { incubationCohortWorkflow } from '../../workflows/incubation-cohort.workflow';
import {
  assignMentorUpdate,
  cohortOpenedUpdate,
  cohortStateQuery,
  completeMilestoneUpdate,
  incubationStateQuery,
  nominateUpdate,
  selectUpdate,
  setPlanUpdate,
  submitImpactReportUpdate,
  withdrawUpdate,
} from '../../workflows/incubation.messages';
import { recordHistory } from '../support/histories';
import { CapturingMailer, createTestWorker, useTimeSkippingServerPerTest } from '../support/workflow-env';
import { until } from '../support/until';

const server = useTimeSkippingServerPerTest();
let env: TestWorkflowEnvironment;
let dataSource: DataSource;
let nextYear = 2201;

beforeEach(() => ({ env, dataSource } = server()));

type CohortHandle = WorkflowHandle<typeof incubationCohortWorkflow>;
const LEAD = 'pl-plaine-commune';

async function openCohort(taskQueue: string, capacity = 10): Promise<CohortHandle> {
  const now = await env.currentTimeMs();
  const input: CohortInput = {
    territoryId: 'plaine-commune',
    year: nextYear++,
    capacity,
    nominationDeadline: new Date(now + 60 * DAY_MS).toISOString(),
    openedBy: LEAD,
    openedAt: new Date(now).toISOString(),
    policy: DEFAULT_INCUBATION_POLICY,
  };
  const handle = await env.client.workflow.start<typeof incubationCohortWorkflow>('incubationCohortWorkflow', {
    taskQueue,
    workflowId: cohortId(input.territoryId, input.year),
    args: [input],
  });
  await handle.executeUpdate(cohortOpenedUpdate);
  return handle;
}

async function nominate(handle: CohortHandle, n: number, associationId = 'assoc-jeunesse-aubervilliers'): Promise<string> {
  const nominationId = `nom-${n.toString(16).padStart(8, '0')}`;
  await handle.executeUpdate(nominateUpdate, {
    args: [
      {
        actorId: LEAD,
        actorRole: 'project_lead',
        nominationId,
        associationId,
        projectTitle: `Projet ${n}`,
        description: 'Atelier numérique',
        themes: ['jeunesse', 'numérique'],
        qpv: 'Francs-Moisins',
      },
    ],
  });
  return nominationId;
}

const incubation = (id: string) => env.client.workflow.getHandle(id);
const stateOf = (id: string): Promise<IncubationState> => incubation(id).query(incubationStateQuery);

async function eventTypes(streamId: string): Promise<string[]> {
  const rows: { type: string }[] = await dataSource.query('SELECT type FROM grant_events WHERE grant_id = $1 ORDER BY seq', [streamId]);
  return rows.map((r) => r.type);
}

async function selected(handle: CohortHandle, nominationId: string): Promise<string> {
  const { incubationId } = await handle.executeUpdate(selectUpdate, { args: [{ actorId: LEAD, nominationId, reason: 'Projet ancré dans le quartier' }] });
  await until(
    () => eventTypes(incubationId),
    (types) => types.includes('IncubationStarted'),
  );
  return incubationId;
}

describe('incubation (time-skipping server, real PostgreSQL)', () => {
  it('30 concurrent selections never exceed the capacity of 10', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    await worker.runUntil(async () => {
      const cohort = await openCohort(taskQueue, 10);
      const nominations: string[] = [];
      for (let n = 1; n <= 30; n++) nominations.push(await nominate(cohort, n));
      const outcomes = await Promise.allSettled(
        nominations.map((nominationId) => cohort.executeUpdate(selectUpdate, { args: [{ actorId: LEAD, nominationId, reason: 'Projet ancré' }] })),
      );
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(10);
      expect(refused).toHaveLength(20);
      for (const r of refused) {
        expect(r.reason).toBeInstanceOf(WorkflowUpdateFailedError);
        expect((r.reason as WorkflowUpdateFailedError).cause).toMatchObject({
          type: 'conflict',
          message: expect.stringMatching(/the cohort is full: 10 of 10/),
        });
      }
      const state: CohortState = await cohort.query(cohortStateQuery);
      expect(state.nominations.filter((n) => n.status === 'selected')).toHaveLength(10);
      const [row] = await dataSource.query('SELECT selected, capacity FROM incubation_cohorts WHERE id = $1', [state.id]);
      expect(row).toEqual({ selected: 10, capacity: 10 });
      await env.sleep(61 * DAY_MS);
      expect(
        (
          await until(
            () => cohort.query(cohortStateQuery),
            (s) => s.status === 'closed',
          )
        ).status,
      ).toBe('closed');
      await recordHistory(env.client, state.id, 'incubation-cohort-closed');
    });
  });

  it('mentor, plan, check-ins every four weeks, an overdue milestone, then graduation with the impact report', async () => {
    const mailer = new CapturingMailer();
    const { worker, taskQueue } = await createTestWorker(env, dataSource, mailer);
    let id = '';
    await worker.runUntil(async () => {
      const cohort = await openCohort(taskQueue);
      id = await selected(cohort, await nominate(cohort, 1));
      const ownMentor = incubation(id).executeUpdate(assignMentorUpdate, { args: [{ actorId: LEAD, mentorAssociationId: 'assoc-jeunesse-aubervilliers' }] });
      await expect(ownMentor).rejects.toMatchObject({ cause: { type: 'validation', message: expect.stringMatching(/never mentored by its own association/) } });
      await incubation(id).executeUpdate(assignMentorUpdate, { args: [{ actorId: LEAD, mentorAssociationId: 'assoc-sport-pour-tous' }] });
      await incubation(id).executeUpdate(setPlanUpdate, { args: [{ actorId: LEAD, supports: ['mentoring', 'funding_search'] }] });
      await env.sleep(61 * DAY_MS); // two check-ins; the design milestone (60 days) is overdue
      const overdue = await until(
        () => stateOf(id),
        (s) => s.plan!.milestones[0].overdue && s.checkIns.length === 2,
      );
      expect(overdue.plan!.milestones.map((m) => [m.name, m.overdue])).toEqual([
        ['design', true],
        ['launch', false],
        ['impact_review', false],
      ]);
      await incubation(id).executeUpdate(completeMilestoneUpdate, {
        args: [{ actorId: 'user-assoc-jeunesse-aubervilliers', milestone: 'design', note: 'Maquette validée' }],
      });
      await incubation(id).executeUpdate(completeMilestoneUpdate, { args: [{ actorId: 'user-assoc-jeunesse-aubervilliers', milestone: 'launch' }] });
      const graduated = await incubation(id).executeUpdate(submitImpactReportUpdate, {
        args: [{ actorId: 'user-assoc-jeunesse-aubervilliers', summary: '45 jeunes formés, 6 en emploi' }],
      });
      expect(graduated.status).toBe('graduated');
      await until(
        () => eventTypes(id),
        (types) => types.at(-1) === 'IncubationGraduated',
      );
      await recordHistory(env.client, id, 'incubation-graduated');
    });
    expect(await eventTypes(id)).toEqual([
      'IncubationStarted',
      'MentorAssigned',
      'SupportPlanSet',
      'CheckInReminderSent',
      'CheckInReminderSent',
      'MilestoneOverdue',
      'MilestoneCompleted',
      'MilestoneCompleted',
      'ImpactReportSubmitted',
      'IncubationGraduated',
    ]);
    const checkIn = mailer.sent.filter((m) => m.subject.startsWith("Point d'étape")).map((m) => m.to);
    expect(new Set(checkIn)).toEqual(new Set(['contact@assoc-jeunesse-aubervilliers.demo.grants.local', 'contact@assoc-sport-pour-tous.demo.grants.local']));
    const graduation = mailer.sent
      .filter((m) => m.subject.startsWith('Projet diplômé'))
      .map((m) => m.to)
      .sort();
    expect(graduation).toEqual([
      'contact@assoc-jeunesse-aubervilliers.demo.grants.local',
      'contact@assoc-sport-pour-tous.demo.grants.local',
      'dsu.plaine-commune@demo.grants.local',
    ]);
    expect(mailer.sent.find((m) => m.subject.startsWith('Étape en retard'))?.text).toMatch(/conception/);
  });

  it('a withdrawal ends the follow-up with its reason, told to the project, its mentor and the project lead', async () => {
    const mailer = new CapturingMailer();
    const { worker, taskQueue } = await createTestWorker(env, dataSource, mailer);
    let id = '';
    await worker.runUntil(async () => {
      const cohort = await openCohort(taskQueue);
      id = await selected(cohort, await nominate(cohort, 2, 'assoc-francs-moisins'));
      await incubation(id).executeUpdate(assignMentorUpdate, { args: [{ actorId: LEAD, mentorAssociationId: 'assoc-femmes-relais-93' }] });
      const withdrawn = await incubation(id).executeUpdate(withdrawUpdate, {
        args: [{ actorId: 'user-assoc-francs-moisins', reason: 'Porteuse de projet partie' }],
      });
      expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'Porteuse de projet partie' } });
      await expect(incubation(id).executeUpdate(submitImpactReportUpdate, { args: [{ actorId: 'u', summary: 'x' }] })).rejects.toThrow();
    });
    expect(await eventTypes(id)).toEqual(['IncubationStarted', 'MentorAssigned', 'IncubationWithdrawn']);
    const [row] = await dataSource.query('SELECT status, member_ids FROM grants WHERE id = $1', [id]);
    expect(row).toEqual({ status: 'withdrawn', member_ids: ['assoc-francs-moisins', 'assoc-femmes-relais-93'] });
    expect(
      mailer.sent
        .filter((m) => m.subject.startsWith('Incubation arrêtée'))
        .map((m) => m.to)
        .sort(),
    ).toEqual(['contact@assoc-femmes-relais-93.demo.grants.local', 'contact@assoc-francs-moisins.demo.grants.local', 'dsu.plaine-commune@demo.grants.local']);
  });
});
