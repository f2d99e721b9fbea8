import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { DAY_MS, DEFAULT_COPIL_POLICY, InvitedSeat, copilId, parisYearMonth } from '@grants/domain';
import { CopilInput } from '@grants/contracts';
import type { copilWorkflow } from '../../workflows/copil.workflow';
import {
  copilOpenedUpdate,
  copilStateQuery,
  designateUpdate,
  fileCandidacyUpdate,
  openRoundUpdate,
  recordCopilMeetingUpdate,
  scheduleMeetingUpdate,
} from '../../workflows/copil.messages';
import { recordHistory } from '../support/histories';
import { createTestWorker, openDataSource, useTimeSkippingServerPerTest } from '../support/workflow-env';

const server = useTimeSkippingServerPerTest();
let env: TestWorkflowEnvironment;
let dataSource: DataSource;
beforeEach(() => ({ env, dataSource } = server()));

/** Territories of this suite's own: the skipped time dates their notifications ahead. */
const T = 'wf-copil';
const PL = { id: `pl-${T}`, role: 'project_lead' as const };
const ASSO = (n: number) => ({ id: `asso-${T}-${n}`, role: 'association' as const });

beforeAll(async () => {
  const db = await openDataSource();
  try {
    for (const id of [T, `${T}-2`])
      await db.query(`INSERT INTO territories (id, name, department) VALUES ($1, 'Territoire du Copil', '93') ON CONFLICT (id) DO NOTHING`, [id]);
  } finally {
    await db.destroy();
  }
});

async function start(taskQueue: string, territoryId: string) {
  const now = await env.currentTimeMs();
  // Next year's Copil: the dates below fall within it whatever today's date.
  const year = parisYearMonth(new Date(now).toISOString()).year + 1;
  const id = copilId(territoryId, year);
  const input: CopilInput = { copilId: id, territoryId, year, openedBy: PL, policy: DEFAULT_COPIL_POLICY };
  const h = await env.client.workflow.start<typeof copilWorkflow>('copilWorkflow', { taskQueue, workflowId: id, args: [input] });
  await h.executeUpdate(copilOpenedUpdate);
  return { h, now, year };
}

/** An update refused by its validator, with the domain's words. */
async function refused(update: Promise<unknown>, words: RegExp): Promise<void> {
  const error = await update.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(String((error as WorkflowUpdateFailedError).cause?.message)).toMatch(words);
}

const inDays = (now: number, days: number) => new Date(now + days * DAY_MS).toISOString();

describe("a territory's Copil by colleges (time-skipping server, real PostgreSQL)", () => {
  it('takes candidacies until their due date, designates one per seat with its reason, meets with its seats, decides by colleges, and follows the mandates to their term', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    let id = '';
    await worker.runUntil(async () => {
      const { h, now } = await start(taskQueue, T);
      id = h.workflowId;
      await h.executeUpdate(openRoundUpdate, {
        args: [{ actor: PL, college: 'associations', seats: 2, candidaciesDueAt: inDays(now, 5), termYears: 1, toldAssociationIds: [ASSO(1).id, ASSO(2).id] }],
      });
      // One round at a time per college.
      await refused(
        h.executeUpdate(openRoundUpdate, {
          args: [{ actor: PL, college: 'associations', seats: 1, candidaciesDueAt: inDays(now, 6), termYears: 2, toldAssociationIds: [] }],
        }),
        /still taking candidacies/,
      );
      await h.executeUpdate(openRoundUpdate, {
        args: [{ actor: PL, college: 'citizens', seats: 1, candidaciesDueAt: inDays(now, 5), termYears: 1, toldAssociationIds: [] }],
      });
      for (const n of [1, 2, 3]) {
        await h.executeUpdate(fileCandidacyUpdate, {
          args: [
            {
              actor: ASSO(n),
              roundId: 'r1',
              candidate: { name: `Association ${n}`, associationId: ASSO(n).id },
              statement: `Nous agissons depuis ${n * 3} ans.`,
            },
          ],
        });
      }
      await h.executeUpdate(fileCandidacyUpdate, {
        args: [{ actor: PL, roundId: 'r2', candidate: { name: 'Conseil citoyen des Francs-Moisins' }, statement: '' }],
      });
      // Designating while candidacies are open is refused.
      await refused(
        h.executeUpdate(designateUpdate, { args: [{ actor: PL, roundId: 'r1', candidacyId: 'r1-c1', reason: 'Trop tôt' }] }),
        /candidacies are taken until/,
      );

      await env.sleep(6 * DAY_MS);
      const closed = await h.query(copilStateQuery);
      expect(closed.rounds.map((r) => r.status)).toEqual(['designating', 'designating']);
      await h.executeUpdate(designateUpdate, { args: [{ actor: PL, roundId: 'r1', candidacyId: 'r1-c1', reason: 'Élue par le collège le 3 décembre' }] });
      await h.executeUpdate(designateUpdate, { args: [{ actor: PL, roundId: 'r1', candidacyId: 'r1-c3', reason: 'Élue par le collège le 3 décembre' }] });
      await refused(h.executeUpdate(designateUpdate, { args: [{ actor: PL, roundId: 'r1', candidacyId: 'r1-c2', reason: 'Un siège de trop' }] }), /every seat/);
      const designated = await h.executeUpdate(designateUpdate, {
        args: [{ actor: PL, roundId: 'r2', candidacyId: 'r2-c1', reason: 'Désigné par le conseil citoyen' }],
      });
      expect(designated.rounds.map((r) => r.status)).toEqual(['complete', 'complete']);
      expect(designated.mandates.map((m) => [m.college, m.holder])).toEqual([
        ['associations', 'Association 1'],
        ['associations', 'Association 3'],
        ['citizens', 'Conseil citoyen des Francs-Moisins'],
      ]);

      const seatNow = await env.currentTimeMs();
      const invited: InvitedSeat[] = designated.mandates.map((m) => ({
        mandateId: m.mandateId,
        copilId: designated.id,
        college: m.college,
        holder: m.holder,
        ...(m.associationId ? { associationId: m.associationId } : {}),
      }));
      const scheduled = await h.executeUpdate(scheduleMeetingUpdate, {
        args: [{ actor: PL, at: inDays(seatNow, 3), agenda: ['Axes prioritaires', 'Feuille de mission'], invited }],
      });
      const meetingId = scheduled.meetings[0].meetingId;
      await env.sleep(4 * DAY_MS);
      const heldOn = new Date(await env.currentTimeMs()).toISOString();
      const recorded = await h.executeUpdate(recordCopilMeetingUpdate, {
        args: [
          {
            actor: PL,
            meetingId,
            heldOn,
            minutes: 'Deux axes soumis au vote des collèges.',
            attendees: [invited[0].mandateId, invited[2].mandateId],
            decisions: [
              { title: 'Accès aux droits', votes: { state: 'for', local_authorities: 'for', associations: 'for', citizens: 'abstain' } },
              { title: 'Tranquillité publique', votes: { state: 'for', local_authorities: 'against', associations: 'against', citizens: 'abstain' } },
            ],
          },
        ],
      });
      expect(recorded.meetings[0].decisions.map((d) => [d.title, d.adopted])).toEqual([
        ['Accès aux droits', true],
        ['Tranquillité publique', false],
      ]);
      // The attending association's presence went to the coordination meetings (no token agreement here: nothing credited).
      expect(recorded.meetings[0].creditedAgreementIds).toEqual([]);
      const [meetingRow]: { attendee_ids: string[] }[] = await dataSource.query('SELECT attendee_ids FROM coordination_meetings WHERE id = $1', [meetingId]);
      expect(meetingRow.attendee_ids).toEqual([ASSO(1).id]);

      const final = await h.result();
      expect(final.status).toBe('closed');
      expect(final.mandates.every((m) => m.status === 'ended' && m.remindedAt)).toBe(true);
      await recordHistory(env.client, h.workflowId, 'copil-designated-met-closed');
    });
    const rows: { type: string }[] = await dataSource.query('SELECT type FROM grant_events WHERE grant_id = $1 ORDER BY seq', [id]);
    const types = rows.map((r) => r.type);
    expect(types.slice(0, 9)).toEqual([
      'CopilOpened',
      'CopilRoundOpened',
      'CopilRoundOpened',
      'CopilCandidacyFiled',
      'CopilCandidacyFiled',
      'CopilCandidacyFiled',
      'CopilCandidacyFiled',
      'CopilRoundClosed',
      'CopilRoundClosed',
    ]);
    expect(types.filter((t) => t === 'CopilMandateReminderSent')).toHaveLength(3);
    expect(types.filter((t) => t === 'CopilMandateEnded')).toHaveLength(3);
    expect(types.indexOf('CopilYearEnded')).toBeGreaterThan(types.indexOf('CopilTokensCredited'));
    expect(types.at(-1)).toBe('CopilClosed');
  });

  it('leaves a round no one stood for unfilled and closes at the end of its year when it designated no one', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    await worker.runUntil(async () => {
      const { h, now } = await start(taskQueue, `${T}-2`);
      await h.executeUpdate(openRoundUpdate, {
        args: [{ actor: PL, college: 'state', seats: 3, candidaciesDueAt: inDays(now, 2), termYears: 2, toldAssociationIds: [] }],
      });
      await refused(
        h.executeUpdate(scheduleMeetingUpdate, { args: [{ actor: PL, at: inDays(now, 3), agenda: ['Installation'], invited: [] }] }),
        /no seat is held yet/,
      );
      await env.sleep(3 * DAY_MS);
      expect((await h.query(copilStateQuery)).rounds[0].status).toBe('unfilled');
      const final = await h.result();
      expect(final).toMatchObject({ status: 'closed', mandates: [] });
      await recordHistory(env.client, h.workflowId, 'copil-unfilled-year-ended');
    });
  });
});
