import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { ContributionTerms, DAY_MS, DEFAULT_CONTRIBUTION_POLICY } from '@grants/domain';
import { ContributionInput } from '@grants/contracts';
import type { contributionWorkflow } from '../../workflows/contribution.workflow';
import {
  contributionProposedUpdate,
  contributionStateQuery,
  reviseContributionUpdate,
  signContributionUpdate,
  withdrawContributionUpdate,
} from '../../workflows/contribution.messages';
import { recordHistory } from '../support/histories';
import { CapturingMailer, createTestWorker, openDataSource, useTimeSkippingServerPerTest } from '../support/workflow-env';

const server = useTimeSkippingServerPerTest();
let env: TestWorkflowEnvironment;
let dataSource: DataSource;
beforeEach(() => ({ env, dataSource } = server()));

/** A territory and a signatory of this suite's own: the skipped time dates their notifications ahead. */
const T = 'wf-contribution';
const SIGNATORY = `funder-${T}`;
const LEAD = { id: `pl-${T}`, role: 'project_lead' as const };
const FUNDER = { id: `user-${SIGNATORY}`, role: 'funder' as const };

beforeAll(async () => {
  const db = await openDataSource();
  try {
    await db.query(`INSERT INTO territories (id, name, department) VALUES ($1, 'Territoire des contributions', '93') ON CONFLICT (id) DO NOTHING`, [T]);
    await db.query(`INSERT INTO funders (id, name, kind) VALUES ($1, 'Bailleur social', 'social_landlord') ON CONFLICT (id) DO NOTHING`, [SIGNATORY]);
    await db.query(`INSERT INTO accounts (id, role, org_id, display_name, email) VALUES ($1, 'funder', $2, 'Bailleur', $3) ON CONFLICT (id) DO NOTHING`, [
      FUNDER.id,
      SIGNATORY,
      `contact@${SIGNATORY}.test.grants.local`,
    ]);
    await db.query(
      `INSERT INTO accounts (id, role, territory_id, display_name, email) VALUES ($1, 'project_lead', $2, 'DSU', $3) ON CONFLICT (id) DO NOTHING`,
      [LEAD.id, T, `pl@${T}.test.grants.local`],
    );
  } finally {
    await db.destroy();
  }
});

const TERMS: ContributionTerms = {
  territoryId: T,
  signatoryId: SIGNATORY,
  orientation: 'cadre_de_vie',
  year: 2027,
  nature: 'staff',
  staffCount: 2,
  description: 'Deux gardiens formés à la médiation',
  coCarriers: [],
};

async function propose(taskQueue: string, side: 'team' | 'signatory'): Promise<WorkflowHandle<typeof contributionWorkflow>> {
  const input: ContributionInput = {
    contributionId: `ctb-${randomUUID()}`,
    terms: TERMS,
    side,
    proposedBy: side === 'team' ? LEAD : FUNDER,
    policy: DEFAULT_CONTRIBUTION_POLICY,
  };
  const handle = await env.client.workflow.start<typeof contributionWorkflow>('contributionWorkflow', {
    taskQueue,
    workflowId: input.contributionId,
    args: [input],
  });
  await handle.executeUpdate(contributionProposedUpdate);
  return handle;
}

async function eventTypes(id: string): Promise<string[]> {
  const rows: { type: string }[] = await dataSource.query('SELECT type FROM grant_events WHERE grant_id = $1 ORDER BY seq', [id]);
  return rows.map((r) => r.type);
}

describe('a contribution (time-skipping server, real PostgreSQL)', () => {
  it('awaits the other side 30 days: reminded 7 days before, expired at the deadline', async () => {
    const mailer = new CapturingMailer();
    const { worker, taskQueue } = await createTestWorker(env, dataSource, mailer);
    let id = '';
    await worker.runUntil(async () => {
      const h = await propose(taskQueue, 'signatory');
      id = h.workflowId;
      await env.sleep(24 * DAY_MS);
      expect((await h.query(contributionStateQuery)).remindedAt).toBeDefined();
      await env.sleep(7 * DAY_MS);
      await expect(h.result()).resolves.toMatchObject({ status: 'expired', awaiting: 'team' });
      await recordHistory(env.client, id, 'contribution-expired');
    });
    expect(await eventTypes(id)).toEqual(['ContributionProposed', 'ContributionReminderSent', 'ContributionExpired']);
    expect(mailer.sent.filter((m) => /^Rappel.: une contribution/.test(m.subject)).map((m) => m.to)).toEqual([`pl@${T}.test.grants.local`]);
  });

  it('concludes on two signatures of one version; a revision restarts the other side’s 30 days; withdrawn with a reason', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    await worker.runUntil(async () => {
      const h = await propose(taskQueue, 'team');
      await expect(h.executeUpdate(signContributionUpdate, { args: [{ actor: LEAD, side: 'team' }] })).rejects.toMatchObject({ cause: { type: 'conflict' } });
      await env.sleep(20 * DAY_MS);
      const revised = await h.executeUpdate(reviseContributionUpdate, { args: [{ actor: FUNDER, side: 'signatory', terms: { ...TERMS, staffCount: 1 } }] });
      expect(revised).toMatchObject({ version: 2, awaiting: 'team' });
      expect(Date.parse(revised.signBy!) - (await env.currentTimeMs())).toBeGreaterThan(29 * DAY_MS);
      await env.sleep(20 * DAY_MS); // past the first deadline: the revision set a new one
      expect((await h.query(contributionStateQuery)).status).toBe('negotiating');
      const agreed = await h.executeUpdate(signContributionUpdate, { args: [{ actor: LEAD, side: 'team' }] });
      expect(agreed).toMatchObject({ status: 'agreed', version: 2, terms: { staffCount: 1 } });
      await expect(h.result()).resolves.toMatchObject({ status: 'agreed' });

      const other = await propose(taskQueue, 'team');
      const withdrawn = await other.executeUpdate(withdrawContributionUpdate, { args: [{ actor: LEAD, side: 'team', reason: 'Doublon' }] });
      expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawal: { side: 'team', reason: 'Doublon' } });
    });
  });
});
