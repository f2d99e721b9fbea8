import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { DAY_MS, DEFAULT_MICRO_GRANT_POLICY, MicroGrantState, euros } from '@grants/domain';
import { MicroGrantInput, envelopeWorkflowId } from '@grants/contracts';
import type { microGrantWorkflow } from '../../workflows/micro-grant.workflow';
import { decideUpdate, intakeUpdate, microGrantStateQuery, submitReportUpdate } from '../../workflows/micro-grant.messages';
import { envelopeQuery } from '../../workflows/envelope.messages';
import { recordHistory } from '../support/histories';
import { APPROVED_AND_CLOSED } from '../support/lifecycles';
import { CapturingMailer, createTestWorker, useTimeSkippingSuite } from '../support/workflow-env';
import { until } from '../support/until';

const suite = useTimeSkippingSuite();
let env: TestWorkflowEnvironment;
let dataSource: DataSource;
let nextYear = 2101;

beforeAll(() => ({ env, dataSource } = suite()));

/** Each test charges its own envelope (a year of its own), on its own task queue. */
function input(taskYear: number, amountCents = euros(1500)): MicroGrantInput {
  return {
    grantId: `mg-${randomUUID()}`,
    binomeId: 'binome-plaine-commune',
    territoryId: 'plaine-commune',
    year: taskYear,
    associationId: 'assoc-francs-moisins',
    requestedBy: 'user-assoc-francs-moisins',
    title: 'Fête de quartier des Francs-Moisins',
    purpose: 'Matériel et goûter',
    amountCents,
    requestedAt: new Date().toISOString(),
    policy: DEFAULT_MICRO_GRANT_POLICY,
  };
}

async function eventTypes(grantId: string): Promise<string[]> {
  const rows: { type: string }[] = await dataSource.query('SELECT type FROM grant_events WHERE grant_id = $1 ORDER BY seq', [grantId]);
  return rows.map((r) => r.type);
}

async function paymentOrders(grantId: string): Promise<number> {
  const [{ count }] = await dataSource.query('SELECT count(*)::int AS count FROM payment_orders WHERE grant_id = $1', [grantId]);
  return count;
}

async function envelopeOf(year: number) {
  return env.client.workflow.getHandle(envelopeWorkflowId('binome-plaine-commune', year)).query(envelopeQuery);
}

function untilStatus(handle: WorkflowHandle<typeof microGrantWorkflow>, status: MicroGrantState['status']): Promise<MicroGrantState> {
  return until(
    () => handle.query(microGrantStateQuery),
    (state) => state.status === status,
    `${handle.workflowId} ${status}`,
  );
}

/** Starts a micro-grant and waits until the envelope has answered. */
async function startAndIntake(taskQueue: string, grant: MicroGrantInput): Promise<WorkflowHandle<typeof microGrantWorkflow>> {
  const handle = await env.client.workflow.start<typeof microGrantWorkflow>('microGrantWorkflow', {
    taskQueue,
    workflowId: grant.grantId,
    args: [grant],
  });
  await handle.executeUpdate(intakeUpdate);
  return handle;
}

const approve = (role: 'project_lead' | 'prefect_delegate') => ({ args: [{ role, actorId: `${role}-1`, decision: 'approve' as const }] as [never] });

describe('micro-grant lifecycle (time-skipping server, real PostgreSQL)', () => {
  it('both approve → paid with one payment order → report → closed', async () => {
    const mailer = new CapturingMailer();
    const { worker, taskQueue } = await createTestWorker(env, dataSource, mailer);
    const year = nextYear++;
    const grant = input(year);
    await worker.runUntil(async () => {
      const handle = await startAndIntake(taskQueue, grant);
      expect((await handle.query(microGrantStateQuery)).status).toBe('awaiting_decisions');
      expect(await envelopeOf(year)).toMatchObject({ reservedCents: euros(1500), committedCents: 0 });

      await handle.executeUpdate(decideUpdate, approve('project_lead'));
      await handle.executeUpdate(decideUpdate, approve('prefect_delegate'));
      const paid = await untilStatus(handle, 'paid');
      expect(paid.paymentOrderId).toMatch(/^po-/);
      expect(Date.parse(paid.reportDueAt!) - Date.parse(paid.paidAt!)).toBe(90 * DAY_MS);
      expect(await envelopeOf(year)).toMatchObject({ reservedCents: 0, committedCents: euros(1500) });

      await handle.executeUpdate(submitReportUpdate, { args: [{ actorId: 'user-1', summary: '120 habitants présents' }] });
      const final = await handle.result();
      expect(final.status).toBe('closed');
      expect(final.report?.summary).toBe('120 habitants présents');
      await recordHistory(env.client, grant.grantId, 'micro-grant-closed');
    });
    expect(await paymentOrders(grant.grantId)).toBe(1);
    expect(await eventTypes(grant.grantId)).toEqual(APPROVED_AND_CLOSED);
    // The association and both members of the binôme heard of the approval, by e-mail too.
    const approvalMails = mailer.sent
      .filter((m) => m.subject.startsWith('Micro-subvention accordée'))
      .map((m) => m.to)
      .sort();
    expect(approvalMails).toEqual([
      'contact@assoc-francs-moisins.demo.grants.local',
      'dsu.plaine-commune@demo.grants.local',
      'prefet.plaine-commune@demo.grants.local',
    ]);
    expect(mailer.sent.find((m) => m.subject.startsWith('Paiement ordonné'))?.text).toMatch(/1\s500,00\s€/);
  });

  it('one rejection → rejected, reservation released, no payment', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    const year = nextYear++;
    const grant = input(year);
    await worker.runUntil(async () => {
      const handle = await startAndIntake(taskQueue, grant);
      await handle.executeUpdate(decideUpdate, approve('project_lead'));
      await handle.executeUpdate(decideUpdate, {
        args: [{ role: 'prefect_delegate', actorId: 'pd-1', decision: 'reject', reason: 'Action déjà financée par le droit commun' }],
      });
      const final = await handle.result();
      expect(final.status).toBe('rejected');
      expect(await envelopeOf(year)).toMatchObject({ reservedCents: 0, committedCents: 0, availableCents: euros(30_000) });
      await recordHistory(env.client, grant.grantId, 'micro-grant-rejected');
    });
    expect(await paymentOrders(grant.grantId)).toBe(0);
    const events: { type: string; payload: { reason?: string } }[] = await dataSource.query(
      'SELECT type, payload FROM grant_events WHERE grant_id = $1 ORDER BY seq',
      [grant.grantId],
    );
    expect(events.at(-1)).toEqual({ type: 'MicroGrantRejected', payload: { role: 'prefect_delegate', reason: 'Action déjà financée par le droit commun' } });
  });

  it('no decision by the 14-day deadline → expired and released', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    const year = nextYear++;
    const grant = input(year);
    await worker.runUntil(async () => {
      const handle = await startAndIntake(taskQueue, grant);
      await handle.executeUpdate(decideUpdate, approve('project_lead'));
      const final = await handle.result(); // the server skips the 14 days
      expect(final.status).toBe('expired');
      expect(await envelopeOf(year)).toMatchObject({ reservedCents: 0, availableCents: euros(30_000) });
      await recordHistory(env.client, grant.grantId, 'micro-grant-expired');
    });
    expect((await eventTypes(grant.grantId)).at(-1)).toBe('MicroGrantExpired');
    expect(await paymentOrders(grant.grantId)).toBe(0);
  });

  it('report not sent → a reminder 14 days before, then overdue; a late report still closes it', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    const grant = input(nextYear++);
    await worker.runUntil(async () => {
      const handle = await startAndIntake(taskQueue, grant);
      await handle.executeUpdate(decideUpdate, approve('prefect_delegate'));
      await handle.executeUpdate(decideUpdate, approve('project_lead'));
      await untilStatus(handle, 'paid');

      await env.sleep(77 * DAY_MS); // 76 days after payment comes the reminder
      expect((await handle.query(microGrantStateQuery)).status).toBe('paid');
      expect(await eventTypes(grant.grantId)).toContain('ReportReminderSent');
      expect(await eventTypes(grant.grantId)).not.toContain('ReportOverdue');

      await env.sleep(14 * DAY_MS); // past the 90 days
      expect((await handle.query(microGrantStateQuery)).status).toBe('report_overdue');

      await handle.executeUpdate(submitReportUpdate, { args: [{ actorId: 'user-1', summary: 'Bilan tardif' }] });
      expect((await handle.result()).status).toBe('closed');
      await recordHistory(env.client, grant.grantId, 'micro-grant-report-overdue');
    });
    expect((await eventTypes(grant.grantId)).slice(-3)).toEqual(['ReportReminderSent', 'ReportOverdue', 'ReportSubmitted']);
    const overdue: { audience: string }[] = await dataSource.query(
      `SELECT audience FROM notifications WHERE grant_id = $1 AND event_type = 'ReportOverdue' ORDER BY audience`,
      [grant.grantId],
    );
    expect(overdue.map((n) => n.audience)).toEqual(['org:assoc-francs-moisins', 'prefect_delegate:plaine-commune', 'project_lead:plaine-commune']);
  });

  it('a request over the ceiling is escalated with its reason, and nothing is reserved', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    const year = nextYear++;
    const grant = input(year, euros(3000) + 1);
    await worker.runUntil(async () => {
      const final = await env.client.workflow.execute<typeof microGrantWorkflow>('microGrantWorkflow', {
        taskQueue,
        workflowId: grant.grantId,
        args: [grant],
      });
      expect(final.status).toBe('escalated');
      expect(final.escalation).toMatchObject({ code: 'over_ceiling', reason: expect.stringContaining('3000.01 EUR') });
      expect(await envelopeOf(year)).toMatchObject({ reservedCents: 0, availableCents: euros(30_000) });
      await recordHistory(env.client, grant.grantId, 'micro-grant-escalated');
    });
    const notices: { audience: string; body: string }[] = await dataSource.query(
      `SELECT audience, body FROM notifications WHERE grant_id = $1 AND event_type = 'MicroGrantEscalated'`,
      [grant.grantId],
    );
    expect(notices.find((n) => n.audience === 'org:assoc-francs-moisins')?.body).toMatch(/Motif\u00a0: the amount 3000.01 EUR/);
  });
});
