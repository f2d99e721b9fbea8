import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import { ActivityFigures, DAY_MS, DEFAULT_MISSION_SHEET_POLICY, draftMissionSheet, missionSheetId } from '@grants/domain';
import { MissionSheetInput } from '@grants/contracts';
import type { missionSheetWorkflow } from '../../workflows/mission-sheet.workflow';
import {
  copilDecisionUpdate,
  missionSheetOpenedUpdate,
  missionSheetStateQuery,
  reviseMissionSheetUpdate,
  signMissionSheetUpdate,
} from '../../workflows/mission-sheet.messages';
import { recordHistory } from '../support/histories';
import { createTestWorker, openDataSource, useTimeSkippingServerPerTest } from '../support/workflow-env';

const server = useTimeSkippingServerPerTest();
let env: TestWorkflowEnvironment;
let dataSource: DataSource;
beforeEach(() => ({ env, dataSource } = server()));

/** Territories of this suite's own: the skipped time dates their notifications ahead. */
const T = 'wf-mission';
const PL = { id: `pl-${T}`, role: 'project_lead' as const };
const PD = { id: `pd-${T}`, role: 'prefect_delegate' as const };
const FIGURES: ActivityFigures = {
  year: 2026,
  microGrantsRequested: 4,
  microGrantsApproved: 3,
  microGrantsRejected: 1,
  envelopeTotalCents: 3_000_000,
  envelopeCommittedCents: 450_000,
  paidCents: 450_000,
  paymentOrders: 3,
  callsLaunched: 0,
  agreementsFollowed: 0,
  cohortSelected: 0,
  graduations: 0,
  taskForces: 0,
  codirHeld: false,
};
const FULL = {
  activityReport: 'Bilan complété',
  priorities: 'Emploi des jeunes',
  splitOfWork: 'Appels et conventions',
  complementarity: 'Bailleurs et écoles',
};

beforeAll(async () => {
  const db = await openDataSource();
  try {
    for (const id of [T, `${T}-2`])
      await db.query(`INSERT INTO territories (id, name, department) VALUES ($1, 'Territoire de la feuille de mission', '93') ON CONFLICT (id) DO NOTHING`, [
        id,
      ]);
  } finally {
    await db.destroy();
  }
});

async function start(taskQueue: string, territoryId: string, year: number, copilInDays: number) {
  const now = await env.currentTimeMs();
  const id = missionSheetId(territoryId, year);
  const input: MissionSheetInput = {
    missionSheetId: id,
    territoryId,
    year,
    copilAt: new Date(now + copilInDays * DAY_MS).toISOString(),
    figures: FIGURES,
    draft: draftMissionSheet(FIGURES),
    openedBy: PL,
    policy: DEFAULT_MISSION_SHEET_POLICY,
  };
  const h = await env.client.workflow.start<typeof missionSheetWorkflow>('missionSheetWorkflow', { taskQueue, workflowId: id, args: [input] });
  await h.executeUpdate(missionSheetOpenedUpdate);
  return h;
}

describe("the binôme's mission sheet (time-skipping server, real PostgreSQL)", () => {
  it('is written and signed by both, the one awaited reminded before the Copil, sent back by the Copil, signed again and adopted', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date())) + 1;
    await worker.runUntil(async () => {
      const h = await start(taskQueue, T, year, 40);
      await h.executeUpdate(reviseMissionSheetUpdate, { args: [{ actor: PL, side: 'project_lead', content: FULL }] });
      await h.executeUpdate(signMissionSheetUpdate, { args: [{ actor: PL, side: 'project_lead' }] });
      await env.sleep(27 * DAY_MS);
      const reminded = await h.query(missionSheetStateQuery);
      expect(reminded.remindersSent).toBe(1);
      await h.executeUpdate(signMissionSheetUpdate, { args: [{ actor: PD, side: 'prefect_delegate' }] });
      expect((await h.query(missionSheetStateQuery)).status).toBe('signed');
      await env.sleep(14 * DAY_MS);
      const decidedOn = new Date(await env.currentTimeMs()).toISOString();
      const sentBack = await h.executeUpdate(copilDecisionUpdate, { args: [{ actor: PL, adopted: false, comments: 'Préciser la répartition', decidedOn }] });
      expect(sentBack.status).toBe('drafting');
      await h.executeUpdate(reviseMissionSheetUpdate, {
        args: [{ actor: PD, side: 'prefect_delegate', content: { ...FULL, splitOfWork: 'Appels pour la cheffe de projet, bailleurs pour le délégué' } }],
      });
      await h.executeUpdate(signMissionSheetUpdate, { args: [{ actor: PD, side: 'prefect_delegate' }] });
      await h.executeUpdate(signMissionSheetUpdate, { args: [{ actor: PL, side: 'project_lead' }] });
      await h.executeUpdate(copilDecisionUpdate, { args: [{ actor: PL, adopted: true, decidedOn: new Date(await env.currentTimeMs()).toISOString() }] });
      await expect(h.result()).resolves.toMatchObject({ status: 'adopted' });
      await recordHistory(env.client, h.workflowId, 'mission-sheet-reminded-sent-back-adopted');
    });
    const rows: { type: string; payload: Record<string, unknown> }[] = await dataSource.query(
      'SELECT type, payload FROM grant_events WHERE grant_id = $1 ORDER BY seq',
      [missionSheetId(T, year)],
    );
    expect(rows.map((r) => r.type)).toEqual([
      'MissionSheetOpened',
      'MissionSheetRevised',
      'MissionSheetSigned',
      'MissionSheetReminderSent',
      'MissionSheetSigned',
      'MissionSheetSentBack',
      'MissionSheetRevised',
      'MissionSheetSigned',
      'MissionSheetSigned',
      'MissionSheetAdopted',
    ]);
    expect(rows[3].payload.awaiting).toEqual(['prefect_delegate']);
    const [row]: { status: string; version: number }[] = await dataSource.query('SELECT status, version FROM mission_sheets WHERE id = $1', [
      missionSheetId(T, year),
    ]);
    expect(row).toEqual({ status: 'adopted', version: 3 });
  });

  it('lapses when its year ends before the Copil adopts it, the binôme reminded on the way', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    const year = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date()));
    await worker.runUntil(async () => {
      const h = await start(taskQueue, `${T}-2`, year, 5);
      await expect(h.result()).resolves.toMatchObject({ status: 'lapsed' });
      await recordHistory(env.client, h.workflowId, 'mission-sheet-lapsed');
    });
    const rows: { type: string }[] = await dataSource.query('SELECT type FROM grant_events WHERE grant_id = $1 ORDER BY seq', [missionSheetId(`${T}-2`, year)]);
    expect(rows.map((r) => r.type)).toEqual(['MissionSheetOpened', 'MissionSheetReminderSent', 'MissionSheetReminderSent', 'MissionSheetLapsed']);
  });
});
