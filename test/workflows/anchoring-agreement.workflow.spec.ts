import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { AgreementState, AgreementTerms, AnchoringPolicy, DAY_MS, DEFAULT_ANCHORING_POLICY, euros } from '@grants/domain';
import { AgreementInput } from '@grants/contracts';
import type { anchoringAgreementWorkflow } from '../../workflows/anchoring-agreement.workflow';
import {
  acceptAgreementUpdate,
  acceptFundingLineUpdate,
  acceptAmendmentUpdate,
  agreementStateQuery,
  proposeAmendmentUpdate,
  proposedUpdate,
  submitActivityReportUpdate,
  terminateUpdate,
  tokenCreditSignal,
} from '../../workflows/anchoring-agreement.messages';
import { recordHistory } from '../support/histories';
import { createTestWorker, useTimeSkippingServerPerTest } from '../support/workflow-env';
import { until } from '../support/until';

const server = useTimeSkippingServerPerTest();
let env: TestWorkflowEnvironment;
let dataSource: DataSource;

beforeEach(() => ({ env, dataSource } = server()));

type AgreementHandle = WorkflowHandleWithFirstExecutionRunId<typeof anchoringAgreementWorkflow>;
const ASSOCIATION = 'assoc-jardins-montreuil';

/** Proposes an agreement starting one day from now (the test server's clock) and accepts it. */
async function agreement(
  taskQueue: string,
  overrides: Partial<AgreementTerms> = {},
  policy: Partial<AnchoringPolicy> = {},
  accept = true,
): Promise<{ handle: AgreementHandle; input: AgreementInput; start: number }> {
  const t0 = await env.currentTimeMs();
  const start = t0 + DAY_MS;
  const input: AgreementInput = {
    agreementId: `anc-${randomUUID()}`,
    title: "Convention d'ancrage des Jardins Partagés de Montreuil",
    proposedBy: { id: 'pl-est-ensemble', role: 'project_lead' },
    proposedAt: new Date(t0).toISOString(),
    terms: {
      associationId: ASSOCIATION,
      territoryId: 'est-ensemble',
      years: 3,
      yearlyAmountCents: euros(40_000),
      startDate: new Date(start).toISOString(),
      fundingPlan: [
        { funderId: 'funder-etat-93', amountCents: euros(30_000) },
        { funderId: 'funder-caf-93', amountCents: euros(10_000) },
      ],
      coordination: { mode: 'flat', flatAmountCents: euros(3_650) },
      ...overrides,
    },
    policy: { ...DEFAULT_ANCHORING_POLICY, calendarYears: undefined, ...policy }, // years of yearMs: compressed
  };
  const handle = await env.client.workflow.start<typeof anchoringAgreementWorkflow>('anchoringAgreementWorkflow', {
    taskQueue,
    workflowId: input.agreementId,
    args: [input],
  });
  await handle.executeUpdate(proposedUpdate);
  if (accept) {
    // Each funder accepts its own line, then the association: the agreement is signed.
    for (const line of input.terms.fundingPlan) {
      await handle.executeUpdate(acceptFundingLineUpdate, { args: [{ actorId: `user-${line.funderId}`, funderId: line.funderId }] });
    }
    await handle.executeUpdate(acceptAgreementUpdate, { args: [{ actorId: `user-${ASSOCIATION}`, associationId: ASSOCIATION }] });
  }
  return { handle, input, start };
}

/** The agreement's state once the check passes. */
function untilState(handle: AgreementHandle, check: (s: AgreementState) => boolean): Promise<AgreementState> {
  return until(() => env.client.workflow.getHandle(handle.workflowId).query(agreementStateQuery), check, `agreement ${handle.workflowId}`);
}

/** Moves the test server's clock to `start + days` (the agreement's day `days`). */
async function toDay(start: number, days: number): Promise<void> {
  const now = await env.currentTimeMs();
  const target = start + days * DAY_MS;
  if (target > now) await env.sleep(target - now);
}

const report = (handle: AgreementHandle, year: number) =>
  env.client.workflow.getHandle(handle.workflowId).executeUpdate(submitActivityReportUpdate, {
    args: [{ actorId: `user-${ASSOCIATION}`, associationId: ASSOCIATION, year, summary: `Bilan de l'année ${year}` }],
  });

async function orders(grantId: string): Promise<{ purpose: string; funder: string | null; amount: number; key: string }[]> {
  return dataSource.query(
    `SELECT purpose, funder_id AS funder, amount_cents AS amount, order_key AS key FROM payment_orders WHERE grant_id = $1 ORDER BY order_key`,
    [grantId],
  );
}

async function eventTypes(grantId: string): Promise<string[]> {
  const rows: { type: string }[] = await dataSource.query('SELECT type FROM grant_events WHERE grant_id = $1 ORDER BY seq', [grantId]);
  return rows.map((r) => r.type);
}

describe('anchoring agreement (time-skipping server, real PostgreSQL)', () => {
  it('three years with their reports: three tranches per funder line and three compensations, exact amounts, totals kept across continue-as-new', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    await worker.runUntil(async () => {
      const { handle, input, start } = await agreement(taskQueue);
      await toDay(start, 1);
      const first = await untilState(handle, (s) => s.schedule[0].tranche === 'paid');
      expect(first.status).toBe('active');
      for (const year of [1, 2, 3]) {
        await toDay(start, year * 365 + 1);
        await untilState(handle, (s) => s.schedule[year - 1].coordination.status === 'paid');
        await report(handle, year);
      }
      const done = await untilState(handle, (s) => s.status === 'completed');
      expect(done.totals).toEqual({ operatingPaidCents: euros(120_000), coordinationPaidCents: euros(10_950), tokens: 0 });
      expect(done.schedule.map((y) => [y.tranche, y.coordination.paidCents, y.report.status])).toEqual([
        ['paid', euros(3_650), 'received'],
        ['paid', euros(3_650), 'received'],
        ['paid', euros(3_650), 'received'],
      ]);
      // One run per year: the chain continued as new at each boundary, and the totals above were carried.
      const lastRun = await env.client.workflow.getHandle(input.agreementId).describe();
      expect(lastRun.runId).not.toBe(handle.firstExecutionRunId);
      const rows = await orders(input.agreementId);
      expect(rows.filter((o) => o.purpose === 'operating_tranche').map((o) => [o.key.split(':').slice(2).join(':'), o.amount])).toEqual([
        ['1:funder-caf-93', euros(10_000)],
        ['1:funder-etat-93', euros(30_000)],
        ['2:funder-caf-93', euros(10_000)],
        ['2:funder-etat-93', euros(30_000)],
        ['3:funder-caf-93', euros(10_000)],
        ['3:funder-etat-93', euros(30_000)],
      ]);
      expect(rows.filter((o) => o.purpose === 'coordination').map((o) => o.amount)).toEqual([euros(3_650), euros(3_650), euros(3_650)]);
      expect((await eventTypes(input.agreementId)).at(-1)).toBe('AgreementCompleted');
      await recordHistory(env.client, input.agreementId, 'anchoring-agreement-completed');
    });
  });

  it('a missing report: reminded, overdue, the next tranche withheld, then released at once when the report arrives', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    await worker.runUntil(async () => {
      const { handle, input, start } = await agreement(taskQueue);
      await toDay(start, 366); // year 2 starts; year 1's report is due 182 days after its end
      await untilState(handle, (s) => s.schedule[1].tranche === 'paid');
      await toDay(start, 365 + 183);
      const overdue = await untilState(handle, (s) => s.status === 'report_overdue');
      expect(overdue.schedule[0].report).toMatchObject({ status: 'overdue', remindersSent: 2 });
      await toDay(start, 2 * 365 + 1); // year 3 starts without year 1's report
      const withheld = await untilState(handle, (s) => s.schedule[2].tranche === 'withheld');
      expect(withheld.totals.operatingPaidCents).toBe(euros(80_000));
      await report(handle, 1);
      const released = await untilState(handle, (s) => s.schedule[2].tranche === 'paid');
      expect(released.status).toBe('active');
      const types = await eventTypes(input.agreementId);
      expect(types.filter((t) => t === 'ActivityReportReminderSent')).toHaveLength(2);
      expect(types.slice(types.indexOf('ActivityReportOverdue'))).toEqual([
        'ActivityReportOverdue',
        'CoordinationCompensationOrdered',
        'OperatingTrancheWithheld',
        'ActivityReportSubmitted',
        'OperatingTrancheOrdered',
      ]);
      const events = await dataSource.query(
        `SELECT payload FROM grant_events WHERE grant_id = $1 AND type = 'OperatingTrancheOrdered' ORDER BY seq DESC LIMIT 1`,
        [input.agreementId],
      );
      expect(events[0].payload).toMatchObject({ year: 3, released: true, amountCents: euros(40_000) });
      await recordHistory(env.client, input.agreementId, 'anchoring-agreement-withheld');
    });
  });

  it('tokens: one per meeting attended, de-duplicated by meeting, paid at the year end up to the cap', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    await worker.runUntil(async () => {
      const { handle, input, start } = await agreement(taskQueue, {
        years: 1,
        coordination: { mode: 'tokens', tokenValueCents: euros(100), yearlyCapCents: euros(300) },
      });
      await toDay(start, 10);
      await untilState(handle, (s) => s.schedule[0].tranche === 'paid');
      // Waits by queries, not by result(): waiting for a result lets the server skip to the year's end.
      for (let i = 1; i <= 4; i++) {
        const meetingId = `cm-${randomUUID()}`;
        const date = new Date(await env.currentTimeMs()).toISOString();
        await env.client.workflow.start('coordinationMeetingWorkflow', {
          taskQueue,
          workflowId: meetingId,
          args: [
            {
              meetingId,
              territoryId: 'est-ensemble',
              date,
              topic: `Copil ${i}`,
              attendeeAssociationIds: [ASSOCIATION, 'assoc-bondy-culture'],
              recordedBy: 'pl-est-ensemble',
            },
          ],
        });
        await untilState(handle, (s) => s.totals.tokens === i);
        if (i === 1) await handle.signal(tokenCreditSignal, { meetingId, date, topic: 'the same meeting, again' });
      }
      const [meeting] = await dataSource.query(`SELECT credited_agreement_ids AS credited FROM coordination_meetings WHERE id = $1`, [
        (await untilState(handle, () => true)).schedule[0].tokens[0].meetingId,
      ]);
      expect(meeting.credited).toContain(input.agreementId);
      const credited = await untilState(handle, (s) => s.totals.tokens === 4);
      expect(credited.schedule[0].tokens).toHaveLength(4);
      await toDay(start, 366);
      const paid = await untilState(handle, (s) => s.schedule[0].coordination.status === 'paid');
      expect(paid.schedule[0].coordination.paidCents).toBe(euros(300));
      expect((await orders(input.agreementId)).filter((o) => o.purpose === 'coordination').map((o) => o.amount)).toEqual([euros(300)]);
      await recordHistory(env.client, credited.schedule[0].tokens[0].meetingId, 'coordination-meeting');
    });
  });

  it('termination by the funder side with notice: what is owed is paid pro rata, future tranches are cancelled', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    await worker.runUntil(async () => {
      const { handle, input, start } = await agreement(taskQueue);
      await toDay(start, 100);
      await untilState(handle, (s) => s.schedule[0].tranche === 'paid');
      const noticed = await handle.executeUpdate(terminateUpdate, {
        args: [{ actorId: 'user-funder-etat-93', side: 'funding', mode: 'notice', reason: 'Réorientation des crédits' }],
      });
      expect(Date.parse(noticed.termination!.effectiveAt!) - start).toBeGreaterThanOrEqual(190 * DAY_MS);
      await toDay(start, 191);
      const ended = await untilState(handle, (s) => s.status === 'terminated');
      expect(ended.schedule.map((y) => y.tranche)).toEqual(['paid', 'cancelled', 'cancelled']);
      expect(ended.schedule[0].coordination.paidCents).toBe(euros(1_900)); // 3,650 € × 190/365
      expect(ended.totals).toEqual({ operatingPaidCents: euros(40_000), coordinationPaidCents: euros(1_900), tokens: 0 });
      expect((await eventTypes(input.agreementId)).slice(-3)).toEqual(['TerminationRequested', 'CoordinationCompensationOrdered', 'AgreementTerminated']);
    });
  });

  it('an amendment from year 2, agreed by the association and each funder whose line changes, changes the tranches to come and only those', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    await worker.runUntil(async () => {
      const { handle, input, start } = await agreement(taskQueue, { years: 2 });
      await toDay(start, 30);
      await untilState(handle, (s) => s.schedule[0].tranche === 'paid');
      await handle.executeUpdate(proposeAmendmentUpdate, {
        args: [{ actorId: 'pl-est-ensemble', side: 'funding', yearlyAmountCents: euros(50_000), fromYear: 2 }],
      });
      await expect(handle.executeUpdate(acceptAmendmentUpdate, { args: [{ actorId: 'pl-est-ensemble', side: 'funding' }] })).rejects.toThrow();
      const agreed = await handle.executeUpdate(acceptAmendmentUpdate, { args: [{ actorId: `user-${ASSOCIATION}`, side: 'association' }] });
      // Both funders' lines change: each agrees for itself before the amendment applies.
      expect(agreed.pendingAmendment).toMatchObject({ awaitingFunders: ['funder-etat-93', 'funder-caf-93'], associationAgreed: true });
      await handle.executeUpdate(acceptAmendmentUpdate, { args: [{ actorId: 'user-funder-etat-93', side: 'funding', funderId: 'funder-etat-93' }] });
      const applied = await handle.executeUpdate(acceptAmendmentUpdate, {
        args: [{ actorId: 'user-funder-caf-93', side: 'funding', funderId: 'funder-caf-93' }],
      });
      expect(applied.pendingAmendment).toBeUndefined();
      await toDay(start, 366);
      const year2 = await untilState(handle, (s) => s.schedule[1].tranche === 'paid');
      expect(year2.schedule.map((y) => y.amountCents)).toEqual([euros(40_000), euros(50_000)]);
      expect(year2.schedule[1].fundingPlan).toEqual([
        { funderId: 'funder-etat-93', amountCents: euros(37_500) },
        { funderId: 'funder-caf-93', amountCents: euros(12_500) },
      ]);
      expect(
        (await orders(input.agreementId))
          .filter((o) => o.key.includes(':tranche:2:'))
          .map((o) => o.amount)
          .sort(),
      ).toEqual([euros(12_500), euros(37_500)]);
    });
  });

  it("orders nothing on a funder's line before that funder accepts it: signed by the last to accept, withdrawn when one never does", async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    await worker.runUntil(async () => {
      const { handle, input } = await agreement(taskQueue, {}, {}, false);
      const accepted = await handle.executeUpdate(acceptAgreementUpdate, { args: [{ actorId: `user-${ASSOCIATION}`, associationId: ASSOCIATION }] });
      expect(accepted).toMatchObject({ status: 'proposed', fundersAccepted: [] });
      const state = await handle.executeUpdate(acceptFundingLineUpdate, { args: [{ actorId: 'user-funder-caf-93', funderId: 'funder-caf-93' }] });
      expect(state.status).toBe('proposed');
      await expect(
        handle.executeUpdate(acceptFundingLineUpdate, { args: [{ actorId: 'user-funder-caf-93', funderId: 'funder-caf-93' }] }),
      ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/already accepted its line/) } });
      await expect(handle.executeUpdate(acceptFundingLineUpdate, { args: [{ actorId: 'user-x', funderId: 'funder-rectorat-creteil' }] })).rejects.toMatchObject(
        { cause: { message: expect.stringMatching(/has no line/) } },
      );
      await env.sleep(2 * DAY_MS); // year 1 has started: nothing is ordered while the State has not accepted
      expect(await orders(input.agreementId)).toEqual([]);
      const signed = await handle.executeUpdate(acceptFundingLineUpdate, { args: [{ actorId: 'user-funder-etat-93', funderId: 'funder-etat-93' }] });
      expect(signed.status).toBe('active');
      await untilState(handle, (s) => s.schedule[0].tranche === 'paid');
      expect((await orders(input.agreementId)).map((o) => o.amount).sort()).toEqual([euros(10_000), euros(30_000)]);
      const types: { type: string; payload: Record<string, unknown> }[] = await dataSource.query(
        'SELECT type, payload FROM grant_events WHERE grant_id = $1 ORDER BY seq',
        [input.agreementId],
      );
      expect(types.filter((e) => ['AgreementAccepted', 'FundingLineAccepted'].includes(e.type))).toEqual([
        { type: 'AgreementAccepted', payload: { awaitingFunders: ['funder-etat-93', 'funder-caf-93'] } },
        { type: 'FundingLineAccepted', payload: { funderId: 'funder-caf-93', awaitingFunders: ['funder-etat-93'], associationAccepted: true } },
        { type: 'FundingLineAccepted', payload: { funderId: 'funder-etat-93', awaitingFunders: [], associationAccepted: true } },
      ]);
      await recordHistory(env.client, input.agreementId, 'anchoring-agreement-funders-accept');

      const other = await agreement(taskQueue, {}, {}, false);
      await other.handle.executeUpdate(acceptAgreementUpdate, { args: [{ actorId: `user-${ASSOCIATION}`, associationId: ASSOCIATION }] });
      await other.handle.executeUpdate(acceptFundingLineUpdate, { args: [{ actorId: 'user-funder-caf-93', funderId: 'funder-caf-93' }] });
      await env.sleep(31 * DAY_MS);
      await untilState(other.handle, (s) => s.status === 'withdrawn');
      const [withdrawn] = await dataSource.query(`SELECT payload FROM grant_events WHERE grant_id = $1 AND type = 'AgreementWithdrawn'`, [
        other.input.agreementId,
      ]);
      expect(withdrawn.payload.reason).toBe('not accepted within the delay by funder-etat-93');
      await recordHistory(env.client, other.input.agreementId, 'anchoring-agreement-funder-never-accepted');
      expect(await orders(other.input.agreementId)).toEqual([]);
    });
  });

  it('is withdrawn when the association does not accept within the delay', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    await worker.runUntil(async () => {
      const { handle, input } = await agreement(taskQueue, {}, {}, false);
      await env.sleep(31 * DAY_MS);
      expect((await untilState(handle, (s) => s.status === 'withdrawn')).schedule.every((y) => y.tranche === 'upcoming')).toBe(true);
      expect(await orders(input.agreementId)).toEqual([]);
    });
  });
});
