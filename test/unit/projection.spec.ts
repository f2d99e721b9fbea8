import { GrantEventDraft, GrantView, SYSTEM_ACTOR, projectGrant } from '@grants/domain';

const at = (minute: number) => `2026-06-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
const base = { grantId: 'mg-1', kind: 'micro_grant' as const, actor: SYSTEM_ACTOR };

const events: (GrantEventDraft & { seq: number })[] = [
  {
    ...base,
    seq: 1,
    occurredAt: at(0),
    type: 'MicroGrantRequested',
    payload: {
      binomeId: 'binome-plaine-commune',
      territoryId: 'plaine-commune',
      year: 2026,
      associationId: 'assoc-a',
      title: 'Fête',
      purpose: 'Goûter',
      amountCents: 150_000,
    },
  },
  { ...base, seq: 2, occurredAt: at(1), type: 'MicroGrantFundsReserved', payload: { amountCents: 150_000, decisionDeadlineAt: at(59) } },
  { ...base, seq: 3, occurredAt: at(2), type: 'MicroGrantDecisionRecorded', payload: { role: 'project_lead', decision: 'approve' } },
  { ...base, seq: 4, occurredAt: at(3), type: 'MicroGrantDecisionRecorded', payload: { role: 'prefect_delegate', decision: 'approve' } },
  { ...base, seq: 5, occurredAt: at(4), type: 'MicroGrantApproved', payload: { amountCents: 150_000 } },
  { ...base, seq: 6, occurredAt: at(5), type: 'PaymentOrdered', payload: { paymentOrderId: 'po-1', amountCents: 150_000, reportDueAt: at(50) } },
  { ...base, seq: 7, occurredAt: at(6), type: 'ReportSubmitted', payload: { summary: 'ok' } },
];

describe('the read model projection', () => {
  it('follows a micro-grant from request to closure', () => {
    const statuses: string[] = [];
    let view: GrantView | null = null;
    for (const event of events) {
      view = projectGrant(view, event);
      statuses.push(view.status);
    }
    expect(statuses).toEqual(['requested', 'awaiting_decisions', 'awaiting_decisions', 'awaiting_decisions', 'approved', 'paid', 'closed']);
    expect(view).toMatchObject({ paymentOrderId: 'po-1', reportDueAt: at(50), lastSeq: 7, createdAt: at(0), updatedAt: at(6) });
  });

  it('refuses an event of a grant that was never requested', () => {
    expect(() => projectGrant(null, events[1])).toThrow(/before the grant was requested/);
  });
});

describe('the read model projection of a micro-grant, each way it can go', () => {
  const requested = events[0];
  const reserved = events[1];
  const later = (seq: number, body: Pick<GrantEventDraft, 'type' | 'payload'>) =>
    ({ ...base, seq, occurredAt: at(seq), ...body }) as GrantEventDraft & { seq: number };

  it('is escalated when the envelope refuses it', () => {
    const { statuses } = statusesOf([requested, later(2, { type: 'MicroGrantEscalated', payload: { code: 'over_ceiling', reason: 'au-delà du plafond' } })]);
    expect(statuses).toEqual(['requested', 'escalated']);
  });

  it('is rejected by one member, the other decision kept as it is', () => {
    const { statuses } = statusesOf([
      requested,
      reserved,
      later(3, { type: 'MicroGrantDecisionRecorded', payload: { role: 'project_lead', decision: 'reject', reason: 'hors QPV' } }),
      later(4, { type: 'MicroGrantRejected', payload: { role: 'project_lead', reason: 'hors QPV' } }),
    ]);
    expect(statuses).toEqual(['requested', 'awaiting_decisions', 'awaiting_decisions', 'rejected']);
  });

  it('expires without both decisions', () => {
    const { statuses } = statusesOf([requested, reserved, later(3, { type: 'MicroGrantExpired', payload: { decisionDeadlineAt: at(59) } })]);
    expect(statuses).toEqual(['requested', 'awaiting_decisions', 'expired']);
  });

  it('is reminded of its report, overdue, then closed by a late report', () => {
    const { statuses, view } = statusesOf([
      ...events.slice(0, 6),
      later(7, { type: 'ReportReminderSent', payload: { reportDueAt: at(50) } }),
      later(8, { type: 'ReportOverdue', payload: { reportDueAt: at(50) } }),
      later(9, { type: 'ReportSubmitted', payload: { summary: 'en retard' } }),
    ]);
    expect(statuses.slice(5)).toEqual(['paid', 'paid', 'report_overdue', 'closed']);
    expect(view).toMatchObject({ kind: 'micro_grant', memberIds: ['assoc-a'], binomeId: 'binome-plaine-commune', lastSeq: 9, updatedAt: at(9) });
  });
});

describe('the read model projection of a consortium application, each way it can go', () => {
  const application = { grantId: 'app-1', kind: 'consortium_application' as const, actor: SYSTEM_ACTOR };
  let seq = 0;
  const event = (body: Pick<GrantEventDraft, 'type' | 'payload'>) =>
    ({ ...application, seq: ++seq, occurredAt: at(seq), ...body }) as GrantEventDraft & { seq: number };
  const opened = (paidPreselection: boolean) =>
    event({
      type: 'ApplicationOpened',
      payload: {
        callId: 'call-1',
        callTitle: 'Jardins',
        consortiumId: 'c-1',
        consortiumName: 'Jardiniers',
        leadAssociationId: 'assoc-a',
        members: ['assoc-a', 'assoc-b'],
        territoryId: 'est-ensemble',
        funderIds: ['funder-caf-93'],
        paidPreselection,
        proposalDeadline: at(40),
        summary: 'Des jardins',
      },
    });
  const payments = [{ associationId: 'assoc-a', awardCents: 3_500_000, firstTrancheCents: 2_800_000, finalTrancheCents: 700_000 }];

  it('is shortlisted with a stipend, proposes, is awarded, paid by tranches, overdue, then closed', () => {
    seq = 0;
    const { statuses, view } = statusesOf([
      opened(true),
      event({ type: 'ApplicationShortlisted', payload: { reason: 'proche des familles' } }),
      event({ type: 'StipendOrdered', payload: { paymentOrderId: 'po-s', amountCents: 200_000, split: [{ associationId: 'assoc-a', amountCents: 200_000 }] } }),
      event({
        type: 'ProposalSubmitted',
        payload: {
          requestedAmountCents: 4_000_000,
          members: [{ associationId: 'assoc-a', shareCents: 4_000_000, role: 'animation' }],
          actionStart: at(0),
          actionEnd: at(59),
        },
      }),
      event({ type: 'DoubleFundingFlagged', payload: { flags: [] } }),
      event({
        type: 'ApplicationAwarded',
        payload: { amountCents: 3_500_000, reason: 'ajusté', payments, actionStart: at(0), actionEnd: at(59), reportDueAt: at(58) },
      }),
      event({
        type: 'ConsortiumTrancheOrdered',
        payload: { tranche: 'award', orders: [{ associationId: 'assoc-a', paymentOrderId: 'po-1', amountCents: 2_800_000 }] },
      }),
      event({ type: 'FinalReportReminderSent', payload: { reportDueAt: at(58) } }),
      event({ type: 'FinalReportOverdue', payload: { reportDueAt: at(58) } }),
      event({ type: 'FinalReportSubmitted', payload: { summary: 'quarante familles' } }),
      event({
        type: 'ConsortiumTrancheOrdered',
        payload: { tranche: 'final', orders: [{ associationId: 'assoc-a', paymentOrderId: 'po-2', amountCents: 700_000 }] },
      }),
    ]);
    expect(statuses).toEqual([
      'expressed',
      'shortlisted',
      'shortlisted',
      'proposal_submitted',
      'proposal_submitted',
      'awarded',
      'awarded',
      'awarded',
      'report_overdue',
      'closed',
      'closed',
    ]);
    expect(view).toMatchObject({
      title: 'Jardins — Jardiniers',
      memberIds: ['assoc-a', 'assoc-b'],
      amountCents: 3_500_000,
      paymentOrderId: 'po-1',
      reportDueAt: at(58),
      lastSeq: 11,
    });
  });

  it('is not shortlisted; or, without a stipend, misses its proposal; or is not awarded', () => {
    seq = 0;
    expect(statusesOf([opened(true), event({ type: 'ApplicationNotShortlisted', payload: { reason: 'hors thème' } })]).statuses).toEqual([
      'expressed',
      'not_shortlisted',
    ]);
    seq = 0;
    expect(statusesOf([opened(false), event({ type: 'ProposalMissing', payload: { proposalDeadline: at(40) } })]).statuses).toEqual([
      'proposal_open',
      'no_proposal',
    ]);
    seq = 0;
    expect(statusesOf([opened(false), event({ type: 'ApplicationNotAwarded', payload: { reason: 'budget épuisé' } })]).statuses).toEqual([
      'proposal_open',
      'not_awarded',
    ]);
  });

  it("refuses a call's event: it belongs to the call's stream", () => {
    seq = 0;
    const view = projectGrant(null, opened(false));
    expect(() => projectGrant(view, event({ type: 'ProposalsClosed', payload: { proposals: 1 } }))).toThrow(/call's stream/);
  });
});

/** Projects a stream's events one after the other, keeping each status. */
function statusesOf(stream: (GrantEventDraft & { seq: number })[]): { statuses: string[]; view: GrantView } {
  let view: GrantView | null = null;
  const statuses: string[] = [];
  for (const event of stream) {
    view = projectGrant(view, event);
    statuses.push(view.status);
  }
  return { statuses, view: view! };
}

describe('the read model projection of an anchoring agreement', () => {
  const agreement = { grantId: 'anc-1', kind: 'anchoring_agreement' as const, actor: SYSTEM_ACTOR };
  const proposed: GrantEventDraft & { seq: number } = {
    ...agreement,
    seq: 1,
    occurredAt: at(0),
    type: 'AgreementProposed',
    payload: {
      title: 'Convention',
      associationId: 'assoc-a',
      territoryId: 'est-ensemble',
      years: 3,
      yearlyAmountCents: 1_200_000,
      startDate: at(0),
      fundingPlan: [
        { funderId: 'funder-etat-93', amountCents: 800_000 },
        { funderId: 'funder-caf-93', amountCents: 400_000 },
      ],
      coordination: { mode: 'tokens', tokenValueCents: 8_000, yearlyCapCents: 160_000 },
    },
  };

  it('is proposed until the association and every funder accepted, then runs, a report overdue between, and is completed', () => {
    const { statuses, view } = statusesOf([
      proposed,
      { ...agreement, seq: 2, occurredAt: at(1), type: 'AgreementAccepted', payload: { awaitingFunders: ['funder-etat-93', 'funder-caf-93'] } },
      {
        ...agreement,
        seq: 3,
        occurredAt: at(2),
        type: 'FundingLineAccepted',
        payload: { funderId: 'funder-caf-93', awaitingFunders: ['funder-etat-93'], associationAccepted: true },
      },
      {
        ...agreement,
        seq: 4,
        occurredAt: at(3),
        type: 'FundingLineAccepted',
        payload: { funderId: 'funder-etat-93', awaitingFunders: [], associationAccepted: true },
      },
      {
        ...agreement,
        seq: 5,
        occurredAt: at(4),
        type: 'OperatingTrancheOrdered',
        payload: { year: 1, amountCents: 1_200_000, orders: [{ funderId: 'funder-etat-93', paymentOrderId: 'po-1', amountCents: 800_000 }], released: false },
      },
      { ...agreement, seq: 6, occurredAt: at(5), type: 'ActivityReportOverdue', payload: { year: 1, dueAt: at(5) } },
      { ...agreement, seq: 7, occurredAt: at(6), type: 'ActivityReportSubmitted', payload: { year: 1, summary: 'Fait.' } },
      { ...agreement, seq: 8, occurredAt: at(7), type: 'AgreementCompleted', payload: { operatingPaidCents: 3_600_000, coordinationPaidCents: 0 } },
    ]);
    expect(statuses).toEqual(['proposed', 'proposed', 'proposed', 'active', 'active', 'report_overdue', 'active', 'completed']);
    expect(view).toMatchObject({
      amountCents: 3_600_000,
      funderIds: ['funder-etat-93', 'funder-caf-93'],
      paymentOrderId: 'po-1',
      reportDueAt: at(5),
      lastSeq: 8,
    });
  });

  it('is signed at once when the association accepts last; withdrawn or terminated ends it', () => {
    expect(
      statusesOf([
        proposed,
        {
          ...agreement,
          seq: 2,
          occurredAt: at(1),
          type: 'FundingLineAccepted',
          payload: { funderId: 'funder-caf-93', awaitingFunders: [], associationAccepted: false },
        },
        { ...agreement, seq: 3, occurredAt: at(2), type: 'AgreementAccepted', payload: {} },
        { ...agreement, seq: 4, occurredAt: at(3), type: 'AgreementTerminated', payload: { mode: 'mutual', reason: 'Fin du projet' } },
      ]).statuses,
    ).toEqual(['proposed', 'proposed', 'active', 'terminated']);
    expect(
      statusesOf([proposed, { ...agreement, seq: 2, occurredAt: at(1), type: 'AgreementWithdrawn', payload: { reason: 'Sans réponse' } }]).statuses,
    ).toEqual(['proposed', 'withdrawn']);
  });
});

describe('the read model projection of an incubated project', () => {
  const incubation = { grantId: 'inc-1', kind: 'incubation' as const, actor: SYSTEM_ACTOR };
  const started: GrantEventDraft & { seq: number } = {
    ...incubation,
    seq: 1,
    occurredAt: at(0),
    type: 'IncubationStarted',
    payload: {
      cohortId: 'coh-1',
      associationId: 'assoc-a',
      projectTitle: 'Recyclerie',
      territoryId: 'est-ensemble',
      year: 2026,
      themes: ['écologie'],
      qpv: 'Bel-Air',
      reason: 'Utile',
    },
  };

  it('waits for a mentor, then a plan, runs and graduates; a mentor named again keeps it running with the new pair', () => {
    const { statuses, view } = statusesOf([
      started,
      { ...incubation, seq: 2, occurredAt: at(1), type: 'MentorAssigned', payload: { mentorAssociationId: 'assoc-m' } },
      { ...incubation, seq: 3, occurredAt: at(2), type: 'SupportPlanSet', payload: { supports: [], milestones: [] } },
      { ...incubation, seq: 4, occurredAt: at(3), type: 'MentorAssigned', payload: { mentorAssociationId: 'assoc-n' } },
      { ...incubation, seq: 5, occurredAt: at(4), type: 'IncubationGraduated', payload: { impactSummary: 'Ouverte' } },
    ]);
    expect(statuses).toEqual(['awaiting_mentor', 'awaiting_plan', 'in_progress', 'in_progress', 'graduated']);
    expect(view).toMatchObject({ title: 'Recyclerie', memberIds: ['assoc-a', 'assoc-n'], lastSeq: 5 });
  });

  it('is withdrawn at any step', () => {
    expect(statusesOf([started, { ...incubation, seq: 2, occurredAt: at(1), type: 'IncubationWithdrawn', payload: { reason: 'Arrêt' } }]).statuses).toEqual([
      'awaiting_mentor',
      'withdrawn',
    ]);
  });
});
