import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { DAY_MS, DEFAULT_TASK_FORCE_POLICY, MemberInvitation, TaskForceState, foldTaskForce, TaskForceEvent } from '../../libs/domain/src';
import { TaskForceInput } from '../../libs/contracts/src';
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
import { CapturingMailer, createTestWorker, useTimeSkippingServerPerTest } from '../support/workflow-env';

const server = useTimeSkippingServerPerTest();
let env: TestWorkflowEnvironment;
let dataSource: DataSource;
beforeEach(() => ({ env, dataSource } = server()));

const MONTH = DEFAULT_TASK_FORCE_POLICY.monthMs;
const PILOT = { id: 'pl-plaine-commune', role: 'project_lead' as const };
const members = (): MemberInvitation[] => [
  { memberId: 'pilot', kind: 'pilot', name: 'Cheffe de projet DSU, Plaine Commune' },
  { memberId: 'm1', kind: 'association', organisationId: 'assoc-francs-moisins', name: 'Les Ateliers des Francs-Moisins' },
  { memberId: 'm2', kind: 'association', organisationId: 'assoc-femmes-relais-93', name: 'Femmes Relais 93' },
  { memberId: 'm3', kind: 'association', organisationId: 'assoc-jeunesse-aubervilliers', name: 'Jeunesse en Mouvement Aubervilliers' },
  { memberId: 'm4', kind: 'signatory', organisationId: 'funder-caf-93', name: 'CAF de la Seine-Saint-Denis' },
  { memberId: 'm5', kind: 'signatory', organisationId: 'funder-bailleur-seine-saint-denis-habitat', name: 'Seine-Saint-Denis Habitat' },
  { memberId: 'm6', kind: 'service', name: 'Direction de la tranquillité publique, Ville de Saint-Denis', contact: 'tranquillite@ville-saint-denis.test' },
];

type Handle = WorkflowHandle<typeof taskForceWorkflow>;
async function propose(taskQueue: string, durationMonths = 6): Promise<Handle> {
  const id = `tf-${randomUUID()}`;
  const input: TaskForceInput = {
    taskForceId: id,
    terms: { territoryId: 'plaine-commune', qpv: 'Francs-Moisins', title: 'Halls d’immeubles rue Gabriel-Péri', problem: 'Les regroupements dans les halls inquiètent les habitants', durationMonths, members: members() },
    pilot: { ...PILOT, name: 'Cheffe de projet DSU, Plaine Commune' },
    policy: DEFAULT_TASK_FORCE_POLICY,
  };
  const handle = await env.client.workflow.start<typeof taskForceWorkflow>('taskForceWorkflow', { taskQueue, workflowId: id, args: [input] });
  await handle.executeUpdate(proposedUpdate);
  return handle;
}

const accept = (h: Handle, memberId: string, actor = { id: `user-${memberId}`, role: 'association' as const }) =>
  h.executeUpdate(answerUpdate, { args: [{ actor, memberId, accept: true, recordedByPilot: false }] });

async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition never met');
}

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
      await h.executeUpdate(answerUpdate, { args: [{ actor: { id: 'user-m3', role: 'association' }, memberId: 'm3', accept: false, reason: 'Équipe trop réduite ce semestre', recordedByPilot: false }] });
      await expect(accept(h, 'm3')).rejects.toMatchObject({ cause: { type: 'conflict', message: expect.stringMatching(/already declined/) } });
      // A replacement for the association that declined; a ninth seat is refused.
      const invited = await h.executeUpdate(inviteUpdate, { args: [{ actor: PILOT, member: { kind: 'association', organisationId: 'assoc-sport-pour-tous', name: 'Sport pour Tous France' } }] });
      expect(invited.members.at(-1)).toMatchObject({ memberId: 'm7', status: 'invited' });
      await h.executeUpdate(inviteUpdate, { args: [{ actor: PILOT, member: { kind: 'service', name: 'Service jeunesse, Plaine Commune' } }] });
      await expect(h.executeUpdate(inviteUpdate, { args: [{ actor: PILOT, member: { kind: 'signatory', organisationId: 'funder-rectorat-creteil', name: 'Rectorat' } }] })).rejects.toMatchObject({
        cause: { type: 'conflict', message: expect.stringMatching(/the most it takes \(8\)/) },
      });
      for (const m of ['m1', 'm2', 'm4']) await accept(h, m);
      const now = () => env.currentTimeMs();
      await expect(h.executeUpdate(kickOffUpdate, { args: [{ actor: PILOT, heldOn: new Date(await now()).toISOString(), summary: 'Diagnostic partagé' }] })).rejects.toMatchObject({
        cause: { type: 'conflict', message: expect.stringMatching(/4 members have accepted, the pilot included: a task force starts with 6/) },
      });
      // The service has no account: the pilot records its answer.
      await h.executeUpdate(answerUpdate, { args: [{ actor: PILOT, memberId: 'm6', accept: true, recordedByPilot: true }] });
      await accept(h, 'm7');
      await env.sleep(8 * DAY_MS); // m5 and m8 have not answered: reminded after 7 days
      await until(() => eventTypes(id), (t) => t.includes('TaskForceInvitationReminderSent'));
      const started = await h.executeUpdate(kickOffUpdate, { args: [{ actor: PILOT, heldOn: new Date(await now()).toISOString(), summary: 'Diagnostic partagé, trois actions retenues' }] });
      expect(started.status).toBe('active');
      expect(started.checkIns.map((c) => c.n)).toEqual([1, 2, 3, 4, 5]);
      await h.executeUpdate(logActionUpdate, { args: [{ actor: { id: 'user-assoc-francs-moisins', role: 'association' }, memberId: 'm1', text: 'Permanence le mercredi au pied de l’immeuble' }] });
      await expect(h.executeUpdate(logActionUpdate, { args: [{ actor: { id: 'x', role: 'funder' }, memberId: 'm5', text: 'x' }] })).rejects.toMatchObject({ cause: { type: 'forbidden' } });

      await env.sleep(MONTH); // check-in 1 reminded (3 days before) and due
      await until(() => eventTypes(id), (t) => t.includes('TaskForceCheckInReminderSent'));
      await h.executeUpdate(checkInUpdate, { args: [{ actor: PILOT, n: 1, summary: 'Permanence tenue quatre fois' }] });
      await env.sleep(MONTH + 8 * DAY_MS); // check-in 2 not held: missed
      await until(() => h.query(taskForceStateQuery), (s) => s.checkIns[1].missed);
      await env.sleep(MONTH); // mid-term (3 months) reminded
      await until(() => h.query(taskForceStateQuery), (s) => s.midTermRemindedAt !== undefined);
      await h.executeUpdate(midTermReviewUpdate, { args: [{ actor: PILOT, assessment: 'Moins de regroupements signalés', adjustments: 'Ajouter un créneau le samedi' }] });
      await env.sleep(3 * MONTH); // the end: the final report is due
      const due = await until(() => h.query(taskForceStateQuery), (s) => s.status === 'reporting');
      expect(due.endRemindedAt).toBeDefined();
      const extended = await h.executeUpdate(extendUpdate, { args: [{ actor: PILOT, months: 2, reason: 'Les travaux du hall ont pris du retard' }] });
      expect(extended.status).toBe('active');
      expect(Date.parse(extended.endsAt!) - Date.parse(extended.kickOff!.heldOn)).toBe(8 * MONTH);
      expect(extended.checkIns.map((c) => c.n)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      await expect(h.executeUpdate(extendUpdate, { args: [{ actor: PILOT, months: 1, reason: 'encore' }] })).rejects.toMatchObject({
        cause: { type: 'conflict', message: expect.stringMatching(/already extended once, by 2 months/) },
      });
      await env.sleep(2 * MONTH + 15 * DAY_MS); // past the new end and its grace: overdue, the binôme told
      await until(() => h.query(taskForceStateQuery), (s) => s.finalReportOverdueAt !== undefined);
      const closed = await h.executeUpdate(finalReportUpdate, {
        args: [{ actor: PILOT, coordinated: 'Médiation, bailleur et ville sur un même planning', scaleUp: 'Le créneau du samedi passe dans le droit commun de la ville' }],
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
    for (const type of ['TaskForceKickedOff', 'TaskForceCheckInHeld', 'TaskForceCheckInMissed', 'TaskForceMidTermReviewSubmitted', 'TaskForceEndReminderSent', 'TaskForceFinalReportDue', 'TaskForceExtended', 'TaskForceFinalReportOverdue']) {
      expect(types).toContain(type);
    }
    expect(types.at(-1)).toBe('TaskForceFinalReportSubmitted');
    // The read model is the fold of the log.
    const events: TaskForceEvent[] = (await dataSource.query('SELECT grant_id, type, actor, payload, occurred_at FROM grant_events WHERE grant_id = $1 ORDER BY seq', [id])).map(
      (e: { grant_id: string; type: string; actor: never; payload: never; occurred_at: Date }) => ({ grantId: e.grant_id, type: e.type, actor: e.actor, payload: e.payload, occurredAt: e.occurred_at.toISOString() }),
    );
    const [row] = await dataSource.query('SELECT status, accepted, seated, organisation_ids, state FROM task_forces WHERE id = $1', [id]);
    expect(row).toMatchObject({ status: 'closed', accepted: 6, seated: 8 });
    expect(row.state as TaskForceState).toEqual(foldTaskForce(events));
    // Who heard what: the reminder went to the invitees who had not answered; the overdue report to the binôme.
    const to = (subject: RegExp) => mailer.sent.filter((m) => subject.test(m.subject)).map((m) => m.to).sort();
    expect(to(/^Rappel.: invitation/)).toEqual(['subventions@funder-bailleur-seine-saint-denis-habitat.demo.grants.local']);
    expect(to(/^Rapport final en retard/)).toEqual(['dsu.plaine-commune@demo.grants.local', 'prefet.plaine-commune@demo.grants.local']);
    expect(to(/^Invitation déclinée/)).toEqual(['dsu.plaine-commune@demo.grants.local']);
    expect(mailer.sent.find((m) => /^Task force close/.test(m.subject))?.text).toMatch(/Le créneau du samedi/);
  });

  it('is cancelled with its reason; an ended task force takes nothing more', async () => {
    const mailer = new CapturingMailer();
    const { worker, taskQueue } = await createTestWorker(env, dataSource, mailer);
    await worker.runUntil(async () => {
      const h = await propose(taskQueue, 3);
      await expect(h.executeUpdate(cancelUpdate, { args: [{ actor: PILOT, reason: '  ' }] })).rejects.toMatchObject({ cause: { type: 'validation' } });
      const cancelled = await h.executeUpdate(cancelUpdate, { args: [{ actor: PILOT, reason: 'Le problème est pris en charge par le contrat local de sécurité' }] });
      expect(cancelled).toMatchObject({ status: 'cancelled', cancellation: { reason: 'Le problème est pris en charge par le contrat local de sécurité' } });
      await expect(h.result()).resolves.toMatchObject({ status: 'cancelled' });
      expect(await eventTypes(h.workflowId)).toEqual(['TaskForceProposed', 'TaskForceCancelled']);
    });
    expect(mailer.sent.filter((m) => m.subject.startsWith('Task force arrêtée')).map((m) => m.to).sort()).toEqual([
      'contact@assoc-femmes-relais-93.demo.grants.local',
      'contact@assoc-francs-moisins.demo.grants.local',
      'contact@assoc-jeunesse-aubervilliers.demo.grants.local',
      'prefet.plaine-commune@demo.grants.local',
      'subventions@funder-bailleur-seine-saint-denis-habitat.demo.grants.local',
      'subventions@funder-caf-93.demo.grants.local',
    ]);
  });
});
