import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import { DAY_MS, DEFAULT_REFERRAL_POLICY } from '@grants/domain';
import { ReferralInput } from '@grants/contracts';
import type { referralWorkflow } from '../../workflows/referral.workflow';
import { answerReferralUpdate, referralStateQuery, referralSubmittedUpdate, routeReferralUpdate } from '../../workflows/referral.messages';
import { recordHistory } from '../support/histories';
import { createTestWorker, openDataSource, useTimeSkippingServerPerTest } from '../support/workflow-env';

const server = useTimeSkippingServerPerTest();
let env: TestWorkflowEnvironment;
let dataSource: DataSource;
beforeEach(() => ({ env, dataSource } = server()));

/** A territory, an association and a signatory of this suite's own: the skipped time dates their notifications ahead. */
const T = 'wf-referral';
const ASSOCIATION = `assoc-${T}`;
const SIGNATORY = `funder-${T}`;
const LEAD = { id: `pl-${T}`, role: 'project_lead' as const };

beforeAll(async () => {
  const db = await openDataSource();
  try {
    await db.query(`INSERT INTO territories (id, name, department) VALUES ($1, 'Territoire du fléchage', '93') ON CONFLICT (id) DO NOTHING`, [T]);
    await db.query(`INSERT INTO funders (id, name, kind) VALUES ($1, 'Signataire du fléchage', 'other') ON CONFLICT (id) DO NOTHING`, [SIGNATORY]);
  } finally {
    await db.destroy();
  }
});

describe('a routed need (time-skipping server, real PostgreSQL)', () => {
  it('gives the signatory 21 days: reminded 5 days before, escalated back to the binôme at the deadline; routed again and supported', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    const id = `ref-${randomUUID()}`;
    await worker.runUntil(async () => {
      const input: ReferralInput = {
        referralId: id,
        need: { territoryId: T, associationId: ASSOCIATION, orientation: 'jeunesse', supportKind: 'staff', description: 'Un éducateur le samedi' },
        submittedBy: { id: `user-${ASSOCIATION}`, role: 'association' },
        policy: DEFAULT_REFERRAL_POLICY,
      };
      const h = await env.client.workflow.start<typeof referralWorkflow>('referralWorkflow', { taskQueue, workflowId: id, args: [input] });
      await h.executeUpdate(referralSubmittedUpdate);
      await h.executeUpdate(routeReferralUpdate, { args: [{ actor: LEAD, signatoryId: SIGNATORY, contactName: 'Mme Diallo', suggested: false }] });
      await env.sleep(17 * DAY_MS);
      expect((await h.query(referralStateQuery)).routings[0].remindedAt).toBeDefined();
      await env.sleep(5 * DAY_MS);
      expect((await h.query(referralStateQuery)).status).toBe('escalated');
      await h.executeUpdate(routeReferralUpdate, { args: [{ actor: LEAD, signatoryId: SIGNATORY, contactName: 'M. Martin', suggested: false }] });
      const supported = await h.executeUpdate(answerReferralUpdate, {
        args: [
          { actor: { id: `user-${SIGNATORY}`, role: 'funder' }, signatoryId: SIGNATORY, supported: true, text: 'Un éducateur de la prévention spécialisée' },
        ],
      });
      expect(supported.status).toBe('supported');
      await expect(h.result()).resolves.toMatchObject({ status: 'supported' });
      await recordHistory(env.client, id, 'referral-reminded-escalated-supported');
    });
    const rows: { type: string }[] = await dataSource.query('SELECT type FROM grant_events WHERE grant_id = $1 ORDER BY seq', [id]);
    expect(rows.map((r) => r.type)).toEqual([
      'ReferralSubmitted',
      'ReferralRouted',
      'ReferralReminderSent',
      'ReferralEscalated',
      'ReferralRouted',
      'ReferralSupported',
    ]);
  });
});
