import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { DAY_MS, DEFAULT_TASK_FORCE_POLICY, MemberInvitation, TaskForceState, foldTaskForce, TaskForceEvent } from '@grants/domain';
import { TaskForceInput } from '@grants/contracts';
import type { taskForceWorkflow } from '../../workflows/task-force.workflow';
import {
  answerUpdate,
  cancelUpdate,
  checkInUpdate,
  extendUpdate,
  finalReportUpdate,
  inviteUpdate,
  kickOffUpdate,
  logActionUpdate,
  midTermReviewUpdate,
  proposedUpdate,
  taskForceStateQuery,
} from '../../workflows/task-force.messages';
import { recordHistory } from '../support/histories';
import { siretFrom } from '../support/territory';
import { CapturingMailer, createTestWorker, openDataSource, useTimeSkippingServerPerTest } from '../support/workflow-env';
import { until } from '../support/until';

const server = useTimeSkippingServerPerTest();
let env: TestWorkflowEnvironment;
let dataSource: DataSource;
beforeEach(() => ({ env, dataSource } = server()));

const MONTH = DEFAULT_TASK_FORCE_POLICY.monthMs;
const PILOT = { id: 'pl-wf-task-force', role: 'project_lead' as const };
/**
 * Organisations of this suite's own: the time-skipping server dates their notifications months
 * ahead, and no other suite's inbox should see them.
 */
const T = 'wf-task-force';
const ORG = {
  a1: `assoc-${T}-1`,
  a2: `assoc-${T}-2`,
  a3: `assoc-${T}-3`,
  a4: `assoc-${T}-4`,
  caf: `funder-${T}-caf`,
  landlord: `funder-${T}-bailleur`,
};
const mail = (org: string) => `contact@${org}.test.grants.local`;
const members = (): MemberInvitation[] => [
  { memberId: 'pilot', kind: 'pilot', name: 'Cheffe de projet DSU' },
  { memberId: 'm1', kind: 'association', organisationId: ORG.a1, name: 'Les Ateliers du quartier' },
  { memberId: 'm2', kind: 'association', organisationId: ORG.a2, name: 'Femmes Relais' },
  { memberId: 'm3', kind: 'association', organisationId: ORG.a3, name: 'Jeunesse en Mouvement' },
  { memberId: 'm4', kind: 'signatory', organisationId: ORG.caf, name: 'CAF' },
  { memberId: 'm5', kind: 'signatory', organisationId: ORG.landlord, name: 'Bailleur social' },
  { memberId: 'm6', kind: 'service', name: 'Direction de la tranquillité publique, Ville de Saint-Denis', contact: 'tranquillite@ville-saint-denis.test' },
];

beforeAll(async () => {
  const db = await openDataSource();
  try {
    await db.transaction(async (em) => {
      await em.query(`INSERT INTO territories (id, name, department) VALUES ($1, $2, '93') ON CONFLICT (id) DO NOTHING`, [T, 'Territoire des task forces']);
      for (const [n, id] of [ORG.a1, ORG.a2, ORG.a3, ORG.a4].entries()) {
        await em.query(
          `INSERT INTO associations (id, name, siret, themes, territories, proximity) VALUES ($1, $2, $3, $4, $5, 'local') ON CONFLICT (id) DO NOTHING`,
          [id, `Association ${n + 1}`, siretFrom(id), ['lien social'], [T]],
        );
        await em.query(`INSERT INTO accounts (id, role, org_id, display_name, email) VALUES ($1, 'association', $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [
          `user-${id}`,
          id,
          id,
          mail(id),
        ]);
      }
      for (const id of [ORG.caf, ORG.landlord]) {
        await em.query(`INSERT INTO funders (id, name, kind) VALUES ($1, $2, 'other') ON CONFLICT (id) DO NOTHING`, [id, id]);
        await em.query(`INSERT INTO accounts (id, role, org_id, display_name, email) VALUES ($1, 'funder', $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [
          `user-${id}`,
          id,
          id,
          mail(id),
        ]);
      }
      for (const [prefix, role] of [
        ['pl', 'project_lead'],
        ['pd', 'prefect_delegate'],
      ] as const) {
        await em.query(`INSERT INTO accounts (id, role, territory_id, display_name, email) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`, [
          `${prefix}-${T}`,
          role,
          T,
          `${role} ${T}`,
          `${prefix}@${T}.test.grants.local`,
        ]);
      }
    });
  } finally {
    await db.destroy();
  }
});

type Handle = WorkflowHandle<typeof taskForceWorkflow>;
async function propose(taskQueue: string, durationMonths = 6): Promise<Handle> {
  const id = `tf-${randomUUID()}`;
  const input: TaskForceInput = {
    taskForceId: id,
    terms: {
      territoryId: T,
      qpv: 'Francs-Moisins',
      title: 'Halls d’immeubles rue Gabriel-Péri',
      problem: 'Les regroupements dans les halls inquiètent les habitants',
      durationMonths,
      members: members(),
    },
    pilot: { ...PILOT, name: 'Cheffe de projet DSU, Plaine Commune' },
    policy: DEFAULT_TASK_FORCE_POLICY,
  };
  const handle = await env.client.workflow.start<typeof taskForceWorkflow>('taskForceWorkflow', { taskQueue, workflowId: id, args: [input] });
  await handle.executeUpdate(proposedUpdate);
  return handle;
}

const accept = (h: Handle, memberId: string, actor = { id: `user-${memberId}`, role: 'association' as const }) =>
  h.executeUpdate(answerUpdate, { args: [{ actor, memberId, accept: true, recordedByPilot: false }] });

async function eventTypes(id: string): Promise<string[]> {
  const rows: { type: string }[] = await dataSource.query('SELECT type FROM grant_events WHERE grant_id = $1 ORDER BY seq', [id]);
  return rows.map((r) => r.type);
}

describe('neighbourhood task force (time-skipping server, real PostgreSQL)', () => {
  it('forms with six who accepted, meets monthly, reviews half-way, is extended once, and closes with its final report', async () => {
    const mailer = new CapturingMailer();
    const { worker, taskQueue } = await createTestWorker(env, dataSource, mailer);
    let id = '';
    await worker.runUntil(async () => {
      const h = await propose(taskQueue);
      id = h.workflowId;
      await h.executeUpdate(answerUpdate, {
        args: [
          { actor: { id: 'user-m3', role: 'association' }, memberId: 'm3', accept: false, reason: 'Équipe trop réduite ce semestre', recordedByPilot: false },
        ],
      });
      await expect(accept(h, 'm3')).rejects.toMatchObject({ cause: { type: 'conflict', message: expect.stringMatching(/already declined/) } });
      // A replacement for the association that declined; a ninth seat is refused.
      const invited = await h.executeUpdate(inviteUpdate, {
        args: [{ actor: PILOT, member: { kind: 'association', organisationId: ORG.a4, name: 'Association 4' } }],
      });
      expect(invited.members.at(-1)).toMatchObject({ memberId: 'm7', status: 'invited' });
      await h.executeUpdate(inviteUpdate, { args: [{ actor: PILOT, member: { kind: 'service', name: 'Service jeunesse, Plaine Commune' } }] });
      await expect(
        h.executeUpdate(inviteUpdate, { args: [{ actor: PILOT, member: { kind: 'signatory', organisationId: 'funder-rectorat', name: 'Rectorat' } }] }),
      ).rejects.toMatchObject({
        cause: { type: 'conflict', message: expect.stringMatching(/the most it takes \(8\)/) },
      });
      for (const m of ['m1', 'm2', 'm4']) await accept(h, m);
      const now = () => env.currentTimeMs();
      await expect(
        h.executeUpdate(kickOffUpdate, { args: [{ actor: PILOT, heldOn: new Date(await now()).toISOString(), summary: 'Diagnostic partagé' }] }),
      ).rejects.toMatchObject({
        cause: { type: 'conflict', message: expect.stringMatching(/4 members have accepted, the pilot included: a task force starts with 6/) },
      });
      // The service has no account: the pilot records its answer.
      await h.executeUpdate(answerUpdate, { args: [{ actor: PILOT, memberId: 'm6', accept: true, recordedByPilot: true }] });
      await accept(h, 'm7');
      await env.sleep(8 * DAY_MS); // m5 and m8 have not answered: reminded after 7 days
      await until(
        () => eventTypes(id),
        (t) => t.includes('TaskForceInvitationReminderSent'),
      );
      const started = await h.executeUpdate(kickOffUpdate, {
        args: [{ actor: PILOT, heldOn: new Date(await now()).toISOString(), summary: 'Diagnostic partagé, trois actions retenues' }],
      });
      expect(started.status).toBe('active');
      expect(started.checkIns.map((c) => c.n)).toEqual([1, 2, 3, 4, 5]);
      await h.executeUpdate(logActionUpdate, {
        args: [{ actor: { id: `user-${ORG.a1}`, role: 'association' }, memberId: 'm1', text: 'Permanence le mercredi au pied de l’immeuble' }],
      });
      await expect(h.executeUpdate(logActionUpdate, { args: [{ actor: { id: 'x', role: 'funder' }, memberId: 'm5', text: 'x' }] })).rejects.toMatchObject({
        cause: { type: 'forbidden' },
      });

      await env.sleep(MONTH); // check-in 1 reminded (3 days before) and due
      await until(
        () => eventTypes(id),
        (t) => t.includes('TaskForceCheckInReminderSent'),
      );
      await h.executeUpdate(checkInUpdate, { args: [{ actor: PILOT, n: 1, summary: 'Permanence tenue quatre fois' }] });
      await env.sleep(MONTH + 8 * DAY_MS); // check-in 2 not held: missed
      await until(
        () => h.query(taskForceStateQuery),
        (s) => s.checkIns[1].missed,
      );
      await env.sleep(MONTH); // mid-term (3 months) reminded
      await until(
        () => h.query(taskForceStateQuery),
        (s) => s.midTermRemindedAt !== undefined,
      );
      await h.executeUpdate(midTermReviewUpdate, {
        args: [{ actor: PILOT, assessment: 'Moins de regroupements signalés', adjustments: 'Ajouter un créneau le samedi' }],
      });
      await env.sleep(3 * MONTH); // the end: the final report is due
      const due = await until(
        () => h.query(taskForceStateQuery),
        (s) => s.status === 'reporting',
      );
      expect(due.endRemindedAt).toBeDefined();
      const extended = await h.executeUpdate(extendUpdate, { args: [{ actor: PILOT, months: 2, reason: 'Les travaux du hall ont pris du retard' }] });
      expect(extended.status).toBe('active');
      expect(Date.parse(extended.endsAt!) - Date.parse(extended.kickOff!.heldOn)).toBe(8 * MONTH);
      expect(extended.checkIns.map((c) => c.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      await expect(h.executeUpdate(extendUpdate, { args: [{ actor: PILOT, months: 1, reason: 'encore' }] })).rejects.toMatchObject({
        cause: { type: 'conflict', message: expect.stringMatching(/already extended once, by 2 months/) },
      });
      await env.sleep(2 * MONTH + 15 * DAY_MS); // past the new end and its grace: overdue, the binôme told
      await until(
        () => h.query(taskForceStateQuery),
        (s) => s.finalReportOverdueAt !== undefined,
      );
      const closed = await h.executeUpdate(finalReportUpdate, {
        args: [
          {
            actor: PILOT,
            coordinated: 'Médiation, bailleur et ville sur un même planning',
            scaleUp: 'Le créneau du samedi passe dans le droit commun de la ville',
          },
        ],
      });
      expect(closed.status).toBe('closed');
      await expect(h.result()).resolves.toMatchObject({ status: 'closed' });
      await recordHistory(env.client, id, 'task-force-extended-closed');
    });
    const types = await eventTypes(id);
    expect(types.slice(0, 9)).toEqual([
      'TaskForceProposed',
      'TaskForceInvitationDeclined',
      'TaskForceMemberInvited',
      'TaskForceMemberInvited',
      'TaskForceInvitationAccepted',
      'TaskForceInvitationAccepted',
      'TaskForceInvitationAccepted',
      'TaskForceInvitationAccepted',
      'TaskForceInvitationAccepted',
    ]);
    expect(types[9]).toBe('TaskForceInvitationReminderSent');
    for (const type of [
      'TaskForceKickedOff',
      'TaskForceCheckInHeld',
      'TaskForceCheckInMissed',
      'TaskForceMidTermReviewSubmitted',
      'TaskForceEndReminderSent',
      'TaskForceFinalReportDue',
      'TaskForceExtended',
      'TaskForceFinalReportOverdue',
    ]) {
      expect(types).toContain(type);
    }
    expect(types.at(-1)).toBe('TaskForceFinalReportSubmitted');
    // The read model is the fold of the log.
    const events: TaskForceEvent[] = (
      await dataSource.query('SELECT grant_id, type, actor, payload, occurred_at FROM grant_events WHERE grant_id = $1 ORDER BY seq', [id])
    ).map((e: { grant_id: string; type: string; actor: never; payload: never; occurred_at: Date }) => ({
      grantId: e.grant_id,
      type: e.type,
      actor: e.actor,
      payload: e.payload,
      occurredAt: e.occurred_at.toISOString(),
    }));
    const [row] = await dataSource.query('SELECT status, accepted, seated, organisation_ids, state FROM task_forces WHERE id = $1', [id]);
    expect(row).toMatchObject({ status: 'closed', accepted: 6, seated: 8 });
    expect(row.state as TaskForceState).toEqual(foldTaskForce(events));
    // Who heard what: the reminder went to the invitees who had not answered; the overdue report to the binôme.
    const to = (subject: RegExp) =>
      mailer.sent
        .filter((m) => subject.test(m.subject))
        .map((m) => m.to)
        .sort();
    expect(to(/^Rappel.: invitation/)).toEqual([mail(ORG.landlord)]);
    expect(to(/^Rapport final en retard/)).toEqual([`pd@${T}.test.grants.local`, `pl@${T}.test.grants.local`]);
    expect(to(/^Invitation déclinée/)).toEqual([`pl@${T}.test.grants.local`]);
    expect(mailer.sent.find((m) => /^Task force close/.test(m.subject))?.text).toMatch(/Le créneau du samedi/);
  });

  it('is cancelled with its reason; an ended task force takes nothing more', async () => {
    const mailer = new CapturingMailer();
    const { worker, taskQueue } = await createTestWorker(env, dataSource, mailer);
    await worker.runUntil(async () => {
      const h = await propose(taskQueue, 3);
      await expect(h.executeUpdate(cancelUpdate, { args: [{ actor: PILOT, reason: '  ' }] })).rejects.toMatchObject({ cause: { type: 'validation' } });
      const cancelled = await h.executeUpdate(cancelUpdate, {
        args: [{ actor: PILOT, reason: 'Le problème est pris en charge par le contrat local de sécurité' }],
      });
      expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { reason: 'Le problème est pris en charge par le contrat local de sécurité' } });
      await expect(h.result()).resolves.toMatchObject({ status: 'cancelled' });
      expect(await eventTypes(h.workflowId)).toEqual(['TaskForceProposed', 'TaskForceCancelled']);
    });
    expect(
      mailer.sent
        .filter((m) => m.subject.startsWith('Task force arrêtée'))
        .map((m) => m.to)
        .sort(),
    ).toEqual([mail(ORG.a1), mail(ORG.a2), mail(ORG.a3), mail(ORG.landlord), mail(ORG.caf), `pd@${T}.test.grants.local`].sort());
  });
});
