import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import { DAY_MS, DEFAULT_CODIR_POLICY, Direction, codirId } from '@grants/domain';
import type { codirOpenerWorkflow } from '../../workflows/codir-opener.workflow';
import { answerDirectionUpdate, codirStateQuery, commitmentDoneUpdate, recordMeetingUpdate, recordStatementUpdate } from '../../workflows/codir.messages';
import { recordHistory } from '../support/histories';
import { createTestWorker, openDataSource, useTimeSkippingServerPerTest } from '../support/workflow-env';

const server = useTimeSkippingServerPerTest();
let env: TestWorkflowEnvironment;
let dataSource: DataSource;
beforeEach(() => ({ env, dataSource } = server()));

/** A territory of this suite's own: the skipped time dates its notifications ahead. */
const T = 'wf-codir';
const LEAD = { id: `pl-${T}`, role: 'project_lead' as const };
const DIRECTIONS: Direction[] = [
  { directionId: 'education', sector: 'education', name: 'Direction de l’éducation', contact: 'education@ville.example' },
  { directionId: 'sports', sector: 'sport', name: 'Direction des sports', contact: 'sports@ville.example' },
  { directionId: 'habitat', sector: 'housing', name: 'Direction de l’habitat', contact: '01 23 45 67 89' },
];
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date()));

beforeAll(async () => {
  const db = await openDataSource();
  try {
    await db.query(`INSERT INTO territories (id, name, department) VALUES ($1, 'Territoire du CODIR', '93') ON CONFLICT (id) DO NOTHING`, [T]);
  } finally {
    await db.destroy();
  }
});

describe('a yearly CODIR QPV (time-skipping server, real PostgreSQL)', () => {
  it('is opened by the yearly Schedule’s action, statements reminded then closed, the meeting’s commitments reminded, overdue or done, closed a year on', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    const id = codirId(T, YEAR);
    await worker.runUntil(async () => {
      // Started, not awaited: awaiting a result lets the test server skip time to the CODIR's first timer.
      const opener = (n: number) =>
        env.client.workflow.start<typeof codirOpenerWorkflow>('codirOpenerWorkflow', {
          taskQueue,
          workflowId: `codir-schedule-${T}-run-${n}`,
          args: [
            {
              territoryId: T,
              schedule: { month: 1, day: 15, meetingAfterDays: 45 },
              meetingAfterMs: 45 * DAY_MS,
              directions: DIRECTIONS,
              policy: DEFAULT_CODIR_POLICY,
            },
          ],
        });
      const first = await opener(1);
      const h = env.client.workflow.getHandle(id);
      for (let i = 0; i < 100 && !(await h.query(codirStateQuery).catch(() => null)); i++) await new Promise((r) => setTimeout(r, 100));
      // A second firing the same year leaves the CODIR open as it is (its answer read at the end).
      const second = await opener(2);
      const opened = await h.query(codirStateQuery);
      expect(opened).toMatchObject({ status: 'collecting', bySchedule: true, year: YEAR, territoryId: T });
      expect(Date.parse(opened.meetingAt) - Date.parse(opened.statementsDueAt)).toBe(14 * DAY_MS);
      await h.executeUpdate(recordStatementUpdate, {
        args: [{ actor: LEAD, directionId: 'education', text: 'Cités éducatives : trois écoles du quartier', qpvs: ['Francs-Moisins'] }],
      });

      // Statements are due 31 days after the opening: the two silent directions are reminded 5 days before.
      await env.sleep(27 * DAY_MS);
      const reminded = await h.query(codirStateQuery);
      expect(reminded.directions.map((d) => [d.directionId, d.reminded])).toEqual([
        ['education', false],
        ['sports', true],
        ['habitat', true],
      ]);
      await h.executeUpdate(recordStatementUpdate, { args: [{ actor: LEAD, directionId: 'sports', text: 'Deux city-stades rénovés', qpvs: [] }] });
      await env.sleep(5 * DAY_MS);
      const closed = await h.query(codirStateQuery);
      expect(closed).toMatchObject({ status: 'preparing', missing: ['habitat'] });
      await h.executeUpdate(answerDirectionUpdate, {
        args: [{ actor: LEAD, directionId: 'education', text: 'Les associations de soutien scolaire du quartier', relays: ['assoc-x'], coFunding: [] }],
      });

      // The meeting, 45 days after the opening: two commitments, due in 30 and 60 days.
      await env.sleep(13 * DAY_MS);
      const now = await env.currentTimeMs();
      const held = await h.executeUpdate(recordMeetingUpdate, {
        args: [
          {
            actor: LEAD,
            heldOn: new Date(now).toISOString(),
            minutes: 'Tour de table des directions',
            attendees: ['education', 'sports'],
            commitments: [
              { directionId: 'sports', text: 'Ouvrir le gymnase le samedi', dueAt: new Date(now + 30 * DAY_MS).toISOString() },
              { directionId: 'education', text: 'Un référent par école', dueAt: new Date(now + 60 * DAY_MS).toISOString() },
            ],
          },
        ],
      });
      expect(held.status).toBe('following');
      expect(held.commitments.map((c) => c.commitmentId)).toEqual(['c1', 'c2']);
      await env.sleep(17 * DAY_MS);
      expect((await h.query(codirStateQuery)).commitments[0].remindedAt).toBeDefined();
      await env.sleep(14 * DAY_MS);
      expect((await h.query(codirStateQuery)).commitments.map((c) => c.status)).toEqual(['overdue', 'open']);
      await h.executeUpdate(commitmentDoneUpdate, { args: [{ actor: LEAD, commitmentId: 'c2', note: 'Nommés à la rentrée' }] });
      // Closed a year after the meeting (awaiting the result lets the server skip to it).
      await expect(h.result()).resolves.toMatchObject({ status: 'closed' });
      expect(await first.result()).toEqual({ codirId: id, opened: true });
      expect(await second.result()).toEqual({ codirId: id, opened: false });
      await recordHistory(env.client, id, 'codir-opened-by-schedule-closed');
      await recordHistory(env.client, first.workflowId, 'codir-opener-opened');
      await recordHistory(env.client, second.workflowId, 'codir-opener-already-open');
    });
    const rows: { type: string; payload: Record<string, unknown> }[] = await dataSource.query(
      'SELECT type, payload FROM grant_events WHERE grant_id = $1 ORDER BY seq',
      [id],
    );
    expect(rows.map((r) => r.type)).toEqual([
      'CodirOpened',
      'CodirStatementRecorded',
      'CodirStatementReminderSent',
      'CodirStatementRecorded',
      'CodirStatementsClosed',
      'CodirResourceAnswered',
      'CodirMeetingHeld',
      'CodirCommitmentReminderSent',
      'CodirCommitmentOverdue',
      'CodirCommitmentDone',
      'CodirClosed',
    ]);
    expect(rows.at(-1)!.payload).toEqual({ done: 1, overdue: 1 });
    const [row]: { status: string; open_commitments: number }[] = await dataSource.query('SELECT status, open_commitments FROM codirs WHERE id = $1', [id]);
    expect(row).toEqual({ status: 'closed', open_commitments: 1 });
  });
});
