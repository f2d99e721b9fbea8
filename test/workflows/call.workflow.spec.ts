import { randomBytes, randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { ApplicationState, CallPolicy, CallState, DAY_MS, DEFAULT_CALL_POLICY, Proposal, euros } from '@grants/domain';
import { CallInput, consortiumIdFor } from '@grants/contracts';
import type { callWorkflow } from '../../workflows/call.workflow';
import {
  awardUpdate,
  callStateQuery,
  createConsortiumUpdate,
  expressInterestUpdate,
  inviteMemberUpdate,
  answerInvitationUpdate,
  launchedUpdate,
  recordAttendanceUpdate,
  rsvpUpdate,
  scheduleMeetupUpdate,
  shortlistUpdate,
} from '../../workflows/call.messages';
import { applicationStateQuery, submitFinalReportUpdate, submitProposalUpdate } from '../../workflows/consortium-application.messages';
import { recordHistory } from '../support/histories';
import { CapturingMailer, createTestWorker, useTimeSkippingServerPerTest } from '../support/workflow-env';
import { until } from '../support/until';

const server = useTimeSkippingServerPerTest();
let env: TestWorkflowEnvironment;
let dataSource: DataSource;

beforeEach(() => ({ env, dataSource } = server()));

type CallHandle = WorkflowHandle<typeof callWorkflow>;
const LEAD = { actorId: 'pl-plaine-commune', actorRole: 'project_lead' as const };
// Matched by the themes and territory below: these three, none other (see the demo directory).
const MATCHED = ['assoc-francs-moisins', 'assoc-jeunesse-aubervilliers', 'assoc-sport-pour-tous'];

/** A call on Plaine Commune: meetups from day 1 to 10, EOIs until day 14, proposals until day 30. */
async function launch(taskQueue: string, budgetCents: number, policy: Partial<CallPolicy> = {}): Promise<{ handle: CallHandle; input: CallInput; t0: number }> {
  const t0 = await env.currentTimeMs();
  const at = (days: number) => new Date(t0 + days * DAY_MS).toISOString();
  const input: CallInput = {
    callId: `call-${randomUUID()}`,
    launchedBy: { id: 'pl-plaine-commune', role: 'project_lead' },
    launchedAt: at(0),
    terms: {
      title: 'Tisser du lien aux Francs-Moisins',
      themes: ['lien social', 'jeunesse'],
      territories: ['plaine-commune'],
      targetPublic: 'Jeunes de 12 à 25 ans du quartier',
      budgetCents,
      fundingPlan: [
        { funderId: 'funder-etat-93', amountCents: budgetCents / 2 },
        { funderId: 'funder-caf-93', amountCents: budgetCents / 2 },
      ],
      meetupWindow: { startsAt: at(1), endsAt: at(10) },
      eoiDeadline: at(14),
      proposalDeadline: at(30),
    },
    policy: { ...DEFAULT_CALL_POLICY, ...policy },
  };
  const handle = await env.client.workflow.start<typeof callWorkflow>('callWorkflow', { taskQueue, workflowId: input.callId, args: [input] });
  await handle.executeUpdate(launchedUpdate);
  return { handle, input, t0 };
}

const consortiumId = (callId: string) => consortiumIdFor(callId, randomBytes(4).toString('hex'));

async function express(
  handle: CallHandle,
  associationId: string,
  consortium?: string,
  stipendSplit?: { associationId: string; percent: number }[],
): Promise<string> {
  const { applicationId } = await handle.executeUpdate(expressInterestUpdate, {
    args: [
      {
        actorId: `user-${associationId}`,
        associationId,
        consortiumId: consortium,
        soloConsortiumId: consortiumId(handle.workflowId),
        soloConsortiumName: associationId,
        summary: 'Ateliers hebdomadaires et sorties culturelles',
        stipendSplit,
      },
    ],
  });
  return applicationId;
}

/** Each test funds its own far-off period: other tests' grants must not read as double funding here. */
function proposal(t0: number, amountCents: number, shares: [string, number, number][], startDay = 3000): Proposal {
  return {
    requestedAmountCents: amountCents,
    members: shares.map(([associationId, shareCents, hours]) => ({ associationId, shareCents, contribution: { role: 'animation', hours } })),
    targetPublicPlan: 'Permanences au pied des immeubles, relais par les médiateurs',
    actionStart: new Date(t0 + startDay * DAY_MS).toISOString(),
    actionEnd: new Date(t0 + (startDay + 300) * DAY_MS).toISOString(),
  };
}

async function refusal(promise: Promise<unknown>): Promise<{ type?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause as { type?: string; message: string };
      return { type: cause.type, message: cause.message };
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

async function orders(grantId: string): Promise<{ purpose: string; payee: string; amount: number; split: unknown }[]> {
  return dataSource.query(
    `SELECT purpose, payee_association_id AS payee, amount_cents AS amount, split FROM payment_orders WHERE grant_id = $1 ORDER BY purpose, payee_association_id`,
    [grantId],
  );
}

async function eventTypes(streamId: string): Promise<string[]> {
  const rows: { type: string }[] = await dataSource.query('SELECT type FROM grant_events WHERE grant_id = $1 ORDER BY seq', [streamId]);
  return rows.map((r) => r.type);
}

/**
 * The awards end the call. Tests wait by queries, never by result(): waiting for a result lets the
 * time-skipping server jump to the next timer, and with every workflow idle that is the 10-year
 * execution timeout.
 */
async function award(handle: CallHandle, awards: { applicationId: string; amountCents: number }[], reason: string): Promise<CallState> {
  await handle.executeUpdate(awardUpdate, { args: [{ ...LEAD, awards, reason }] });
  return until(
    () => callState(handle),
    (s) => s.phase === 'awarded' || s.phase === 'closed_without_award',
  );
}

const appState = (id: string) => env.client.workflow.getHandle(id).query(applicationStateQuery);
const callState = (handle: CallHandle): Promise<CallState> => handle.query(callStateQuery);

describe('call for projects (time-skipping server, real PostgreSQL)', () => {
  it('below the threshold: every expression goes to proposals, no stipend, no shortlist; a missing proposal closes at the deadline', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    await worker.runUntil(async () => {
      const { handle, t0 } = await launch(taskQueue, euros(30_000));
      expect((await callState(handle)).paidPreselection).toBe(false);
      const proposer = await express(handle, 'assoc-francs-moisins');
      const silent = await express(handle, 'assoc-jeunesse-aubervilliers');
      expect((await appState(proposer)).status).toBe('proposal_open');
      expect(await refusal(handle.executeUpdate(shortlistUpdate, { args: [{ ...LEAD, decisions: [] }] }))).toMatchObject({
        type: 'conflict',
        message: expect.stringMatching(/below the paid pre-selection threshold/),
      });
      // Before the EOI deadline a proposal is already welcome.
      await env.client.workflow.getHandle(proposer).executeUpdate(submitProposalUpdate, {
        args: [
          {
            actorId: 'u',
            byAssociationId: 'assoc-francs-moisins',
            proposal: proposal(t0, euros(12_000), [['assoc-francs-moisins', euros(12_000), 300]], 4000),
          },
        ],
      });
      await env.sleep(31 * DAY_MS);
      await until(
        () => appState(silent),
        (s) => s.status === 'no_proposal',
      );
      await until(
        () => callState(handle),
        (s) => s.phase === 'deciding',
      );
      await award(handle, [{ applicationId: proposer, amountCents: euros(12_000) }], 'Seule proposition complète');
      const awarded = await until(
        () => appState(proposer),
        (s) => s.status === 'awarded',
      );
      expect(awarded.stipend).toBeUndefined();
      // No report a year later: reminded, then overdue; the balance waits for the report.
      await env.sleep(366 * DAY_MS);
      expect(
        (
          await until(
            () => appState(proposer),
            (s) => s.status === 'report_overdue',
          )
        ).status,
      ).toBe('report_overdue');
      expect(await orders(proposer)).toEqual([{ purpose: 'award_tranche', payee: 'assoc-francs-moisins', amount: euros(9_600), split: null }]);
      await env.client.workflow
        .getHandle(proposer)
        .executeUpdate(submitFinalReportUpdate, { args: [{ actorId: 'u', byAssociationId: 'assoc-francs-moisins', summary: 'En retard mais complet' }] });
      await until(
        () => appState(proposer),
        (s) => s.status === 'closed',
      );
      expect(await eventTypes(proposer)).toEqual([
        'ApplicationOpened',
        'ProposalSubmitted',
        'ApplicationAwarded',
        'ConsortiumTrancheOrdered',
        'FinalReportReminderSent',
        'FinalReportOverdue',
        'FinalReportSubmitted',
        'ConsortiumTrancheOrdered',
      ]);
      expect(await orders(proposer)).toHaveLength(2);
      expect(await orders(silent)).toEqual([]);
      expect(await eventTypes(silent)).toEqual(['ApplicationOpened', 'ProposalMissing']);
    });
  });

  it('above the threshold: meetups, a consortium, paid pre-selection, proposal, award within budget, tranches', async () => {
    const mailer = new CapturingMailer();
    const { worker, taskQueue } = await createTestWorker(env, dataSource, mailer);
    await worker.runUntil(async () => {
      const { handle, input, t0 } = await launch(taskQueue, euros(60_000), { shortlistMax: 1 });
      const launched = await callState(handle);
      expect(launched).toMatchObject({ paidPreselection: true, phase: 'open', invited: MATCHED });
      const invitedMails = mailer.sent
        .filter((m) => m.subject.startsWith('Appel à projets\u00a0: votre association est invitée'))
        .map((m) => m.to)
        .sort();
      expect(invitedMails).toEqual(MATCHED.map((id) => `contact@${id}.demo.grants.local`));

      // Meetups before applications: scheduled in the window, RSVPs, attendance once it has started.
      await handle.executeUpdate(scheduleMeetupUpdate, {
        args: [{ ...LEAD, meetupId: 'mtg-1', at: new Date(t0 + 2 * DAY_MS).toISOString(), place: 'Maison de quartier' }],
      });
      expect(
        await refusal(
          handle.executeUpdate(scheduleMeetupUpdate, { args: [{ ...LEAD, meetupId: 'mtg-2', at: new Date(t0 + 12 * DAY_MS).toISOString(), place: 'x' }] }),
        ),
      ).toMatchObject({ type: 'validation' });
      await handle.executeUpdate(rsvpUpdate, { args: [{ actorId: 'u', meetupId: 'mtg-1', associationId: 'assoc-francs-moisins', attending: true }] });
      expect(
        await refusal(
          handle.executeUpdate(rsvpUpdate, { args: [{ actorId: 'u', meetupId: 'mtg-1', associationId: 'assoc-cite-des-savoirs', attending: true }] }),
        ),
      ).toMatchObject({ type: 'forbidden' });
      expect(
        await refusal(handle.executeUpdate(recordAttendanceUpdate, { args: [{ ...LEAD, meetupId: 'mtg-1', attendeeIds: ['assoc-francs-moisins'] }] })),
      ).toMatchObject({ type: 'conflict' });
      await env.sleep(3 * DAY_MS);
      await handle.executeUpdate(recordAttendanceUpdate, {
        args: [{ ...LEAD, meetupId: 'mtg-1', attendeeIds: ['assoc-francs-moisins', 'assoc-jeunesse-aubervilliers'] }],
      });

      // A consortium of two; the third association applies alone and cannot join a second consortium.
      const cons = consortiumId(input.callId);
      await handle.executeUpdate(createConsortiumUpdate, {
        args: [{ actorId: 'u1', consortiumId: cons, name: 'Francs-Moisins Ensemble', associationId: 'assoc-francs-moisins' }],
      });
      await handle.executeUpdate(inviteMemberUpdate, {
        args: [{ actorId: 'u1', consortiumId: cons, byAssociationId: 'assoc-francs-moisins', associationId: 'assoc-jeunesse-aubervilliers' }],
      });
      await handle.executeUpdate(answerInvitationUpdate, {
        args: [{ actorId: 'u2', consortiumId: cons, associationId: 'assoc-jeunesse-aubervilliers', accept: true }],
      });
      expect(
        await refusal(
          handle.executeUpdate(createConsortiumUpdate, {
            args: [{ actorId: 'u2', consortiumId: consortiumId(input.callId), name: 'Autre', associationId: 'assoc-jeunesse-aubervilliers' }],
          }),
        ),
      ).toMatchObject({ type: 'conflict' });
      const app = await express(handle, 'assoc-francs-moisins', cons, [
        { associationId: 'assoc-francs-moisins', percent: 60 },
        { associationId: 'assoc-jeunesse-aubervilliers', percent: 40 },
      ]);
      const solo = await express(handle, 'assoc-sport-pour-tous');
      expect((await appState(app)).status).toBe('expressed');

      // The EOI deadline: later expressions and consortia are refused (409).
      await env.sleep(12 * DAY_MS);
      expect(
        await refusal(
          handle.executeUpdate(createConsortiumUpdate, {
            args: [{ actorId: 'u', consortiumId: consortiumId(input.callId), name: 'Tard', associationId: 'assoc-sport-pour-tous' }],
          }),
        ),
      ).toMatchObject({ type: 'conflict', message: expect.stringMatching(/deadline/) });
      await until(
        () => callState(handle),
        (s) => s.phase === 'preselection',
      );

      // Shortlist: at most K, each with a reason; a proposal before the shortlist is refused.
      expect(
        await refusal(
          handle.executeUpdate(shortlistUpdate, {
            args: [
              {
                ...LEAD,
                decisions: [
                  { applicationId: app, shortlisted: true, reason: 'Ancrage local' },
                  { applicationId: solo, shortlisted: true, reason: 'Expérience' },
                ],
              },
            ],
          }),
        ),
      ).toMatchObject({ type: 'conflict', message: expect.stringMatching(/at most 1/) });
      await handle.executeUpdate(shortlistUpdate, {
        args: [
          {
            ...LEAD,
            decisions: [
              { applicationId: app, shortlisted: true, reason: 'Ancrage local et coopération' },
              { applicationId: solo, shortlisted: false, reason: 'Pas de partenaire de proximité' },
            ],
          },
        ],
      });
      const soloFinal = await until(
        () => appState(solo),
        (s) => s.status === 'not_shortlisted',
      );
      expect(soloFinal).toMatchObject({ status: 'not_shortlisted', shortlistReason: 'Pas de partenaire de proximité' });
      const shortlisted = await until(
        () => appState(app),
        (s) => s.stipend !== undefined,
      );
      expect(shortlisted.stipend).toMatchObject({
        amountCents: euros(2000),
        split: [
          { associationId: 'assoc-francs-moisins', amountCents: euros(1200) },
          { associationId: 'assoc-jeunesse-aubervilliers', amountCents: euros(800) },
        ],
      });
      expect(await orders(solo)).toEqual([]);

      // The proposal: an unfair split is refused naming the member; a fair one is accepted.
      const unfair = await refusal(
        env.client.workflow.getHandle(app).executeUpdate(submitProposalUpdate, {
          args: [
            {
              actorId: 'u1',
              byAssociationId: 'assoc-francs-moisins',
              proposal: proposal(t0, euros(40_000), [
                ['assoc-francs-moisins', euros(36_000), 500],
                ['assoc-jeunesse-aubervilliers', euros(4_000), 500],
              ]),
            },
          ],
        }),
      );
      expect(unfair).toMatchObject({
        type: 'validation',
        message: expect.stringMatching(/Jeunesse en Mouvement Aubervilliers \(assoc-jeunesse-aubervilliers\)/),
      });
      await env.client.workflow.getHandle(app).executeUpdate(submitProposalUpdate, {
        args: [
          {
            actorId: 'u1',
            byAssociationId: 'assoc-francs-moisins',
            proposal: proposal(t0, euros(40_000), [
              ['assoc-francs-moisins', euros(24_000), 600],
              ['assoc-jeunesse-aubervilliers', euros(16_000), 400],
            ]),
          },
        ],
      });

      // The proposal deadline; awards above the budget are refused, then one award within it.
      await env.sleep(17 * DAY_MS);
      expect(
        await refusal(
          env.client.workflow.getHandle(app).executeUpdate(submitProposalUpdate, {
            args: [
              {
                actorId: 'u1',
                byAssociationId: 'assoc-francs-moisins',
                proposal: proposal(t0, euros(40_000), [
                  ['assoc-francs-moisins', euros(24_000), 600],
                  ['assoc-jeunesse-aubervilliers', euros(16_000), 400],
                ]),
              },
            ],
          }),
        ),
      ).toMatchObject({ type: 'conflict' });
      await until(
        () => callState(handle),
        (s) => s.phase === 'deciding',
      );
      expect(
        await refusal(handle.executeUpdate(awardUpdate, { args: [{ ...LEAD, awards: [{ applicationId: app, amountCents: euros(40_001) }], reason: 'x' }] })),
      ).toMatchObject({ type: 'conflict' });
      expect((await award(handle, [{ applicationId: app, amountCents: euros(35_000) }], 'Projet co-construit, budget ajusté')).phase).toBe('awarded');

      const awarded = await until(
        () => appState(app),
        (s) => s.status === 'awarded',
      );
      expect(awarded.award?.payments).toEqual([
        { associationId: 'assoc-francs-moisins', awardCents: euros(21_000), firstTrancheCents: euros(16_800), finalTrancheCents: euros(4_200) },
        { associationId: 'assoc-jeunesse-aubervilliers', awardCents: euros(14_000), firstTrancheCents: euros(11_200), finalTrancheCents: euros(2_800) },
      ]);
      await until(
        () => orders(app),
        (o) => o.length === 3,
      );
      await env.client.workflow.getHandle(app).executeUpdate(submitFinalReportUpdate, {
        args: [{ actorId: 'u2', byAssociationId: 'assoc-jeunesse-aubervilliers', summary: '140 jeunes accompagnés' }],
      });
      const closed: ApplicationState = await until(
        () => appState(app),
        (s) => s.status === 'closed',
      );
      expect(closed.status).toBe('closed');
      await recordHistory(env.client, input.callId, 'call-awarded');
      await recordHistory(env.client, app, 'consortium-application-closed');
    });
    const appId = (
      await dataSource.query(
        `SELECT id FROM grants WHERE kind = 'consortium_application' AND member_ids @> ARRAY['assoc-jeunesse-aubervilliers'] ORDER BY created_at DESC LIMIT 1`,
      )
    )[0].id;
    expect(await orders(appId)).toEqual([
      { purpose: 'award_tranche', payee: 'assoc-francs-moisins', amount: euros(16_800), split: null },
      { purpose: 'award_tranche', payee: 'assoc-jeunesse-aubervilliers', amount: euros(11_200), split: null },
      { purpose: 'final_tranche', payee: 'assoc-francs-moisins', amount: euros(4_200), split: null },
      { purpose: 'final_tranche', payee: 'assoc-jeunesse-aubervilliers', amount: euros(2_800), split: null },
      {
        purpose: 'stipend',
        payee: 'assoc-francs-moisins',
        amount: euros(2_000),
        split: [
          { associationId: 'assoc-francs-moisins', amountCents: euros(1200) },
          { associationId: 'assoc-jeunesse-aubervilliers', amountCents: euros(800) },
        ],
      },
    ]);
    expect(await eventTypes(appId)).toEqual([
      'ApplicationOpened',
      'ApplicationShortlisted',
      'StipendOrdered',
      'ProposalSubmitted',
      'ApplicationAwarded',
      'ConsortiumTrancheOrdered',
      'FinalReportSubmitted',
      'ConsortiumTrancheOrdered',
    ]);
    // The association left out was told why.
    const notShortlisted = mailer.sent.find((m) => m.to === 'contact@assoc-sport-pour-tous.demo.grants.local' && m.subject.includes('non retenue'));
    expect(notShortlisted?.text).toContain('Pas de partenaire de proximité');
  });

  it('above the threshold with no shortlist by the proposal deadline: nobody is shortlisted and nothing is awarded', async () => {
    const { worker, taskQueue } = await createTestWorker(env, dataSource);
    await worker.runUntil(async () => {
      const { handle, input } = await launch(taskQueue, euros(80_000));
      const app = await express(handle, 'assoc-sport-pour-tous');
      await env.sleep(31 * DAY_MS);
      expect(
        await until(
          () => appState(app),
          (s) => s.status === 'not_shortlisted',
        ),
      ).toMatchObject({
        shortlistReason: 'no shortlist was decided before the proposal deadline',
      });
      await until(
        () => callState(handle),
        (s) => s.phase === 'deciding',
      );
      expect((await award(handle, [], 'Aucune proposition')).phase).toBe('closed_without_award');
      expect(await eventTypes(input.callId)).toEqual([
        'CallLaunched',
        'AssociationsInvited',
        'ExpressionOfInterestReceived',
        'ExpressionsClosed',
        'ProposalsClosed',
        'AwardsDecided',
      ]);
      const [row] = await dataSource.query('SELECT phase, applications FROM calls WHERE id = $1', [input.callId]);
      expect(row).toEqual({ phase: 'closed_without_award', applications: 1 });
    });
  });
});
