import { ReportContext, ReportStream, annualReport, parisYearMonth, reportYearProblem } from '@grants/domain';

const ev = (type: string, occurredAt: string, payload: unknown) => ({ type, occurredAt, payload });

const context: ReportContext = {
  territory: { id: 't1', name: 'Plaine Commune' },
  year: 2026,
  envelope: { totalCents: 1_000_000, funderId: 'f-state' },
  associations: { a1: { name: 'Asso Un', themes: ['sport', 'santé'] }, a2: { name: 'Asso Deux', themes: ['culture'] } },
  funders: { 'f-state': 'Préfecture', f1: 'CAF', f2: 'Département' },
  calls: {
    c1: {
      themes: ['culture'],
      fundingPlan: [
        { funderId: 'f1', amountCents: 3 },
        { funderId: 'f2', amountCents: 1 },
      ],
    },
  },
};

function streams(): ReportStream[] {
  return [
    {
      id: 'mg-1',
      kind: 'micro_grant',
      events: [
        ev('MicroGrantRequested', '2026-03-10T09:00:00Z', {
          binomeId: 'b1',
          territoryId: 't1',
          year: 2026,
          associationId: 'a1',
          title: 'Tournoi',
          purpose: 'x',
          amountCents: 120_000,
          qpv: 'Franc-Moisson',
        }),
        ev('MicroGrantApproved', '2026-03-12T09:00:00Z', { amountCents: 120_000 }),
        ev('PaymentOrdered', '2026-03-12T09:00:01Z', { paymentOrderId: 'po-1', amountCents: 120_000, reportDueAt: '2026-09-12T09:00:00Z' }),
      ],
    },
    {
      // Ordered at 00:30 on 1 January in Paris: a payment of 2027, its request one of 2026.
      id: 'mg-2',
      kind: 'micro_grant',
      events: [
        ev('MicroGrantRequested', '2026-12-20T09:00:00Z', {
          binomeId: 'b1',
          territoryId: 't1',
          year: 2026,
          associationId: 'a2',
          title: 'Expo',
          purpose: 'x',
          amountCents: 50_000,
        }),
        ev('MicroGrantApproved', '2026-12-31T22:00:00Z', { amountCents: 50_000 }),
        ev('PaymentOrdered', '2026-12-31T23:30:00Z', { paymentOrderId: 'po-2', amountCents: 50_000, reportDueAt: '2027-06-30T23:30:00Z' }),
      ],
    },
    {
      id: 'mg-3',
      kind: 'micro_grant',
      events: [
        ev('MicroGrantRequested', '2026-04-01T09:00:00Z', {
          binomeId: 'b1',
          territoryId: 't1',
          year: 2026,
          associationId: 'a2',
          title: 'Trop',
          purpose: 'x',
          amountCents: 900_000,
        }),
        ev('MicroGrantEscalated', '2026-04-01T09:00:01Z', { code: 'over_ceiling', reason: 'over the ceiling' }),
        ev('MicroGrantRejected', '2026-04-03T09:00:00Z', { role: 'project_lead', reason: 'no' }),
      ],
    },
    {
      id: 'ag-1',
      kind: 'anchoring_agreement',
      events: [
        ev('AgreementProposed', '2025-11-01T09:00:00Z', {
          associationId: 'a1',
          territoryId: 't1',
          years: 3,
          yearlyAmountCents: 400_000,
          startDate: '2026-01-01',
          title: 'Ancrage',
          fundingPlan: [
            { funderId: 'f1', amountCents: 300_000 },
            { funderId: 'f2', amountCents: 100_000 },
          ],
          coordination: { mode: 'flat', flatAmountCents: 10_000 },
        }),
        ev('AgreementAccepted', '2025-11-02T09:00:00Z', {}),
        ev('OperatingTrancheOrdered', '2026-01-05T09:00:00Z', {
          year: 1,
          amountCents: 400_000,
          released: false,
          orders: [
            { funderId: 'f1', paymentOrderId: 'po-3', amountCents: 300_000 },
            { funderId: 'f2', paymentOrderId: 'po-4', amountCents: 100_000 },
          ],
        }),
        ev('CoordinationCompensationOrdered', '2026-12-31T10:00:00Z', { year: 1, amountCents: 10_001, paymentOrderId: 'po-5', proRata: false }),
        ev('OperatingTrancheWithheld', '2027-01-05T09:00:00Z', { year: 2, amountCents: 400_000, missingReports: [1] }),
      ],
    },
    {
      id: 'call-1',
      kind: 'call',
      events: [
        ev('CallLaunched', '2026-02-01T09:00:00Z', { title: 'Appel culture', budgetCents: 2_000_000, themes: ['culture'] }),
        ev('ConsortiumFormed', '2026-02-10T09:00:00Z', {}),
        ev('ExpressionOfInterestReceived', '2026-02-11T09:00:00Z', {}),
        ev('ShortlistDecided', '2026-03-01T09:00:00Z', { decisions: [{ shortlisted: true }, { shortlisted: false }] }),
      ],
    },
    {
      id: 'app-1',
      kind: 'consortium_application',
      events: [
        ev('ApplicationOpened', '2026-02-11T09:00:00Z', { callId: 'c1', leadAssociationId: 'a2', funderIds: ['f1', 'f2'], territoryId: 't1' }),
        ev('StipendOrdered', '2026-03-01T09:00:00Z', { paymentOrderId: 'po-6', amountCents: 100_001, split: [] }),
      ],
    },
    {
      id: 'ctb-1',
      kind: 'contribution',
      events: [
        ev('ContributionProposed', '2026-01-10T09:00:00Z', {
          terms: {
            territoryId: 't1',
            signatoryId: 'f1',
            orientation: 'cohesion',
            year: 2026,
            nature: 'funding',
            amountCents: 500_000,
            description: 'x',
            coCarriers: [],
          },
        }),
        ev('ContributionAgreed', '2026-01-11T09:00:00Z', { version: 1 }),
      ],
    },
    {
      id: 'codir-t1-2026',
      kind: 'codir',
      events: [
        ev('CodirOpened', '2026-01-15T08:00:00Z', {
          territoryId: 't1',
          year: 2026,
          meetingAt: '2026-03-01T09:00:00Z',
          statementsDueAt: '2026-02-15T09:00:00Z',
          directions: [{ directionId: 'a' }, { directionId: 'b' }],
          bySchedule: true,
        }),
        ev('CodirStatementRecorded', '2026-01-20T08:00:00Z', { directionId: 'a', text: 'x', qpvs: [] }),
        ev('CodirStatementRecorded', '2026-01-21T08:00:00Z', { directionId: 'a', text: 'y', qpvs: [] }),
        ev('CodirMeetingHeld', '2026-03-01T09:00:00Z', {
          heldOn: '2026-03-01T09:00:00Z',
          commitments: [{ commitmentId: 'c1' }, { commitmentId: 'c2' }, { commitmentId: 'c3' }],
        }),
        ev('CodirCommitmentOverdue', '2026-06-01T09:00:00Z', { commitmentId: 'c1' }),
        ev('CodirCommitmentDone', '2026-07-01T09:00:00Z', { commitmentId: 'c1' }),
        ev('CodirCommitmentOverdue', '2026-09-01T09:00:00Z', { commitmentId: 'c2' }),
        ev('CodirCommitmentDone', '2027-01-10T09:00:00Z', { commitmentId: 'c2' }),
      ],
    },
    {
      id: 'tf-old',
      kind: 'task_force',
      events: [
        ev('TaskForceProposed', '2025-01-10T09:00:00Z', { title: 'Ancienne', qpv: 'Q' }),
        ev('TaskForceCancelled', '2025-02-10T09:00:00Z', { reason: 'x' }),
      ],
    },
    {
      id: 'tf-1',
      kind: 'task_force',
      events: [
        ev('TaskForceProposed', '2025-10-10T09:00:00Z', { title: 'Halls', qpv: 'Franc-Moisson' }),
        ev('TaskForceInvitationAccepted', '2025-10-11T09:00:00Z', {}),
        ev('TaskForceKickedOff', '2025-11-01T09:00:00Z', {}),
      ],
    },
  ];
}

describe('the annual report', () => {
  const report = annualReport(streams(), context);

  it('counts the payment orders of the year (Paris time), whose sums by path, funder, QPV and month equal the total', () => {
    // po-1 120 000, po-3 300 000, po-4 100 000, po-5 10 001, po-6 100 001; po-2 is ordered on 1 January 2027 in Paris.
    expect(report.payments.totalCents).toBe(630_002);
    expect(report.payments.orders).toBe(5);
    const sum = (rows: { cents: number }[]) => rows.reduce((s, r) => s + r.cents, 0);
    expect(sum(report.payments.byPath)).toBe(630_002);
    expect(sum(report.payments.byFunder)).toBe(630_002);
    expect(sum(report.payments.byQpv)).toBe(630_002);
    expect(report.payments.byMonth.reduce((s, c) => s + c, 0)).toBe(630_002);
    expect(report.payments.byMonth[0]).toBe(400_000);
    expect(report.payments.byMonth[2]).toBe(220_001);
    expect(report.payments.byMonth[11]).toBe(10_001);
    expect(report.payments.byPath.map((r) => r.key)).toEqual(['micro_grant', 'preselection_stipend', 'operating_tranche', 'coordination']);
  });

  it('splits a call’s and a coordination’s payments along their funding plans, and names the envelope’s funder for micro-grants', () => {
    const funder = (id: string) => report.payments.byFunder.find((r) => r.key === id);
    // f1: tranche 300 000 + coordination 3/4 of 10 001 (7 501) + stipend 3/4 of 100 001 (75 001)
    expect(funder('f1')).toEqual({ key: 'f1', label: 'CAF', cents: 300_000 + 7_501 + 75_001 });
    expect(funder('f2')).toEqual({ key: 'f2', label: 'Département', cents: 100_000 + 2_500 + 25_000 });
    expect(funder('f-state')).toEqual({ key: 'f-state', label: 'Préfecture', cents: 120_000 });
  });

  it('counts a payment under each theme of its lifecycle, and QPVs unnamed as unspecified', () => {
    expect(report.payments.byTheme.find((r) => r.key === 'sport')!.cents).toBe(120_000 + 410_001);
    expect(report.payments.byTheme.find((r) => r.key === 'culture')!.cents).toBe(100_001);
    expect(report.payments.byQpv.find((r) => r.key === 'Franc-Moisson')!.cents).toBe(120_000);
    expect(report.payments.byQpv.find((r) => r.key === 'unspecified')!.cents).toBe(510_002);
  });

  it('shows the envelope’s use by the micro-grants requested on the year', () => {
    expect(report.envelope).toEqual({
      totalCents: 1_000_000,
      requested: 3,
      escalated: 1,
      approved: 2,
      rejected: 1,
      expired: 0,
      committedCents: 170_000,
      paidCents: 120_000,
      availableCents: 830_000,
    });
  });

  it('lists the calls launched, the agreements with their tranches, the task forces still running, the signatories committed beside paid', () => {
    expect(report.calls).toEqual([expect.objectContaining({ id: 'call-1', consortia: 1, applications: 1, shortlisted: 1, awards: 0 })]);
    expect(report.agreements).toEqual([
      expect.objectContaining({
        id: 'ag-1',
        status: 'signed',
        associationName: 'Asso Un',
        ordered: [{ year: 1, amountCents: 400_000 }],
        withheld: [],
        coordinationPaidCents: 10_001,
      }),
    ]);
    expect(report.taskForces.map((t) => [t.id, t.status, t.members])).toEqual([['tf-1', 'running', 2]]);
    const caf = report.signatories.find((s) => s.signatoryId === 'f1')!;
    expect(caf).toEqual(expect.objectContaining({ committedCents: 500_000, contributions: 1, paidCents: 382_502 }));
    expect(report.signatories.find((s) => s.signatoryId === 'f2')).toEqual(expect.objectContaining({ committedCents: 0, paidCents: 127_500 }));
    // The CODIR as the year's end left it: c2 kept only in January of the next year.
    expect(report.codir).toEqual({
      id: 'codir-t1-2026',
      meetingAt: '2026-03-01T09:00:00Z',
      heldOn: '2026-03-01T09:00:00Z',
      directions: 2,
      stated: 1,
      commitments: 3,
      kept: 1,
      overdue: 1,
    });
  });

  it('gives the same figures when regenerated after later events, and the next year holds only its own', () => {
    const later = streams();
    later[0].events.push(ev('ReportSubmitted', '2027-03-01T09:00:00Z', { summary: 'done' }));
    expect(annualReport(later, context)).toEqual(report);
    const next = annualReport(later, { ...context, year: 2027 });
    expect(next.payments.totalCents).toBe(50_000);
    expect(next.payments.byMonth[0]).toBe(50_000);
    expect(next.envelope.requested).toBe(0);
    expect(next.agreements[0].withheld).toEqual([{ year: 2, amountCents: 400_000 }]);
    expect(next.calls).toEqual([]);
    expect(next.codir).toBeNull();
  });

  it('reads years and months in Paris time, and bounds the year', () => {
    expect(parisYearMonth('2026-12-31T23:30:00Z')).toEqual({ year: 2027, month: 1 });
    expect(parisYearMonth('2026-06-30T22:30:00Z')).toEqual({ year: 2026, month: 7 });
    expect(reportYearProblem(2026)).toBeNull();
    expect(reportYearProblem(1999)).toMatch(/2000/);
    expect(reportYearProblem(2026.5)).toMatch(/2000/);
  });
});
