import {
  AgreementEventBody,
  ApplicationEventBody,
  ConventionContext,
  StreamEvent,
  agreementConventionRows,
  applicationConventionRows,
  attribuantProblem,
  publicationDeadlines,
  scdlCsv,
  scdlProblems,
  scdlRecord,
  truncate,
} from '@grants/domain';

const context: ConventionContext = {
  beneficiaries: {
    'assoc-a': { name: 'Association A', siret: '79511522612904' },
    'assoc-b': { name: 'Association "B", quartier', siret: '71956113372947', rna: 'W931234567' },
    'assoc-c': { name: 'Association C', siret: '35371102911140' },
  },
};
const at = (iso: string) => iso;

describe('open-data rows of an anchoring agreement', () => {
  const proposed: StreamEvent<AgreementEventBody> = {
    occurredAt: at('2027-01-10T09:00:00.000Z'),
    body: {
      type: 'AgreementProposed',
      payload: {
        title: 'Ancrage A',
        associationId: 'assoc-a',
        territoryId: 't',
        years: 3,
        yearlyAmountCents: 5_000_000,
        startDate: '2027-02-01T00:00:00.000Z',
        fundingPlan: [
          { funderId: 'etat', amountCents: 3_000_000 },
          { funderId: 'caf', amountCents: 2_000_000 },
        ],
        coordination: { mode: 'flat', flatAmountCents: 100_000 },
      },
    },
  };
  const accepted: StreamEvent<AgreementEventBody> = { occurredAt: at('2027-01-15T10:00:00.000Z'), body: { type: 'AgreementAccepted', payload: {} } };

  it('has none before the association signs, then one per year and funder line with the year as its period', () => {
    expect(agreementConventionRows('anc-1', [proposed], context)).toEqual([]);
    const rows = agreementConventionRows('anc-1', [proposed, accepted], context);
    expect(rows.map((r) => [r.funderId, r.year, r.fields.montant, r.fields.datesPeriodeVersement])).toEqual([
      ['etat', 2027, '30000.00', '2027-02-01/2028-01-31'],
      ['caf', 2027, '20000.00', '2027-02-01/2028-01-31'],
      ['etat', 2028, '30000.00', '2028-02-01/2029-01-31'],
      ['caf', 2028, '20000.00', '2028-02-01/2029-01-31'],
      ['etat', 2029, '30000.00', '2029-02-01/2030-01-31'],
      ['caf', 2029, '20000.00', '2029-02-01/2030-01-31'],
    ]);
    expect(rows[0].fields).toMatchObject({
      dateConvention: '2027-01-15',
      referenceDecision: 'anc-1',
      nomBeneficiaire: 'Association A',
      conditionsVersement: 'échelonné',
      pourcentageSubvention: '1',
    });
    expect(new Set(rows.map((r) => r.id)).size).toBe(6);
  });

  it('is signed when the last party accepts: a funder accepting its line after the association', () => {
    const byAssociation: StreamEvent<AgreementEventBody> = {
      occurredAt: at('2027-01-15T10:00:00.000Z'),
      body: { type: 'AgreementAccepted', payload: { awaitingFunders: ['caf'] } },
    };
    expect(agreementConventionRows('anc-1', [proposed, byAssociation], context)).toEqual([]);
    const byCaf: StreamEvent<AgreementEventBody> = {
      occurredAt: at('2027-02-03T10:00:00.000Z'),
      body: { type: 'FundingLineAccepted', payload: { funderId: 'caf', awaitingFunders: [], associationAccepted: true } },
    };
    const rows = agreementConventionRows('anc-1', [proposed, byAssociation, byCaf], context);
    expect(rows).toHaveLength(6);
    expect(rows[0].fields.dateConvention).toBe('2027-02-03');
  });

  it('changes the amended years only (funders keep their proportions), and withdraws the years a termination cancels', () => {
    const amended: StreamEvent<AgreementEventBody> = {
      occurredAt: at('2027-06-01T10:00:00.000Z'),
      body: { type: 'AmendmentAccepted', payload: { fromYear: 2, yearlyAmountCents: 6_000_000, side: 'funding' } },
    };
    const ordered: StreamEvent<AgreementEventBody> = {
      occurredAt: at('2027-02-01T00:00:00.000Z'),
      body: { type: 'OperatingTrancheOrdered', payload: { year: 1, amountCents: 5_000_000, orders: [], released: false } },
    };
    const terminated: StreamEvent<AgreementEventBody> = {
      occurredAt: at('2027-09-01T10:00:00.000Z'),
      body: { type: 'AgreementTerminated', payload: { mode: 'mutual', reason: 'fin' } },
    };
    const rows = agreementConventionRows('anc-1', [proposed, accepted, ordered, amended], context);
    expect(rows.filter((r) => r.year === 2027).map((r) => [r.fields.montant, r.changedAt])).toEqual([
      ['30000.00', accepted.occurredAt],
      ['20000.00', accepted.occurredAt],
    ]);
    expect(rows.filter((r) => r.year === 2028).map((r) => [r.fields.montant, r.changedAt])).toEqual([
      ['36000.00', amended.occurredAt],
      ['24000.00', amended.occurredAt],
    ]);
    const ended = agreementConventionRows('anc-1', [proposed, accepted, ordered, amended, terminated], context);
    expect(ended.map((r) => [r.year, r.withdrawn])).toEqual([
      [2027, false],
      [2027, false],
      [2028, true],
      [2028, true],
      [2029, true],
      [2029, true],
    ]);
  });
});

describe('open-data rows of a consortium application', () => {
  const opened: StreamEvent<ApplicationEventBody> = {
    occurredAt: at('2027-03-01T10:00:00.000Z'),
    body: {
      type: 'ApplicationOpened',
      payload: {
        callId: 'call-1',
        callTitle: 'Coopérer',
        consortiumId: 'c',
        consortiumName: 'Ensemble',
        leadAssociationId: 'assoc-a',
        members: ['assoc-a', 'assoc-b', 'assoc-c'],
        territoryId: 't',
        funderIds: ['etat', 'ville'],
        paidPreselection: true,
        proposalDeadline: '2027-05-01T00:00:00.000Z',
        summary: 's',
      },
    },
  };
  const awarded: StreamEvent<ApplicationEventBody> = {
    occurredAt: at('2027-06-01T10:00:00.000Z'),
    body: {
      type: 'ApplicationAwarded',
      payload: {
        amountCents: 10_000_000,
        reason: 'r',
        actionStart: '2027-09-01',
        actionEnd: '2028-06-30',
        reportDueAt: '2028-09-30T00:00:00.000Z',
        payments: [
          { associationId: 'assoc-a', awardCents: 5_000_000, firstTrancheCents: 4_000_000, finalTrancheCents: 1_000_000 },
          { associationId: 'assoc-b', awardCents: 3_000_000, firstTrancheCents: 2_400_000, finalTrancheCents: 600_000 },
          { associationId: 'assoc-c', awardCents: 2_000_000, firstTrancheCents: 1_600_000, finalTrancheCents: 400_000 },
        ],
      },
    },
  };

  it('gives each call funder a row per member: montant its part of the award, pourcentageSubvention the member share', () => {
    const rows = applicationConventionRows('app-1', [opened, awarded], {
      ...context,
      callPlan: [
        { funderId: 'etat', amountCents: 75 },
        { funderId: 'ville', amountCents: 25 },
      ],
    });
    expect(rows.map((r) => [r.funderId, r.beneficiaryId, r.fields.montant, r.fields.pourcentageSubvention, r.beneficiaryCents])).toEqual([
      ['etat', 'assoc-a', '75000.00', '0.5', 3_750_000],
      ['etat', 'assoc-b', '75000.00', '0.3', 2_250_000],
      ['etat', 'assoc-c', '75000.00', '0.2', 1_500_000],
      ['ville', 'assoc-a', '25000.00', '0.5', 1_250_000],
      ['ville', 'assoc-b', '25000.00', '0.3', 750_000],
      ['ville', 'assoc-c', '25000.00', '0.2', 500_000],
    ]);
    expect(rows[0].fields).toMatchObject({ dateConvention: '2027-06-01', conditionsVersement: 'échelonné', datesPeriodeVersement: '2027-06-01/2028-09-30' });
    expect(rows[1].fields.rnaBeneficiaire).toBe('W931234567');
  });

  it('publishes a stipend the same way, from its order', () => {
    const stipend: StreamEvent<ApplicationEventBody> = {
      occurredAt: at('2027-04-02T10:00:00.000Z'),
      body: {
        type: 'StipendOrdered',
        payload: {
          paymentOrderId: 'po',
          amountCents: 200_000,
          split: [
            { associationId: 'assoc-a', amountCents: 120_000 },
            { associationId: 'assoc-b', amountCents: 80_000 },
          ],
        },
      },
    };
    const rows = applicationConventionRows('app-1', [opened, stipend], { ...context, callPlan: [{ funderId: 'etat', amountCents: 1 }] });
    expect(rows.map((r) => [r.path, r.fields.montant, r.fields.pourcentageSubvention, r.fields.datesPeriodeVersement, r.fields.conditionsVersement])).toEqual([
      ['preselection_stipend', '2000.00', '0.6', '2027-04-02', 'unique'],
      ['preselection_stipend', '2000.00', '0.4', '2027-04-02', 'unique'],
    ]);
  });
});

describe('SCDL records and files', () => {
  const fields = {
    dateConvention: '2027-01-15',
    referenceDecision: 'anc-1',
    nomBeneficiaire: 'Association "B", quartier',
    idBeneficiaire: '71956113372947',
    rnaBeneficiaire: '',
    objet: 'Objet\nsur deux lignes',
    montant: '30000.00',
    nature: 'aide en numéraire' as const,
    conditionsVersement: 'unique' as const,
    datesPeriodeVersement: '2027-01-01/2027-12-31',
    pourcentageSubvention: '1',
  };

  it('refuses a funder without a valid SIRET, saying what to do', () => {
    expect(attribuantProblem({ name: 'CAF', siret: null })).toMatch(/has no SIRET in the directory: an administrator sets it/);
    expect(attribuantProblem({ name: 'CAF', siret: '12345678901234' })).toMatch(/is not a valid SIRET/);
    expect(attribuantProblem({ name: 'CAF', siret: '22930001000001' })).toBeNull();
  });

  it('checks a record as the schema does, with both SIRET checksums', () => {
    const record = scdlRecord(fields, { name: 'CAF', siret: '22930001000001', programmeId: 'PDV', notifiedToEu: false });
    expect(scdlProblems(record)).toEqual([]);
    expect(scdlProblems({ ...record, idAttribuant: '22930001000002', pourcentageSubvention: '0.005', montant: '12,5', objet: 'x'.repeat(257) })).toEqual([
      'idAttribuant 22930001000002 is not a valid SIRET',
      'objet is longer than 256 characters',
      'montant is not an amount in euros with a decimal point',
      'pourcentageSubvention is between 0.01 and 1',
    ]);
  });

  it('writes the columns in the schema order, quoting what needs it, CRLF line ends', () => {
    const csv = scdlCsv([scdlRecord(fields, { name: 'CAF', siret: '22930001000001' })]);
    const [header, row, end] = csv.split('\r\n');
    expect(header.split(',')).toHaveLength(16);
    expect(row).toBe(
      'CAF,22930001000001,2027-01-15,anc-1,"Association ""B"", quartier",71956113372947,,"Objet\nsur deux lignes",30000.00,aide en numéraire,unique,2027-01-01/2027-12-31,,non,1,',
    );
    expect(end).toBe('');
  });

  it('cuts an objet at 256 characters on a word', () => {
    const cut = truncate(`${'mot '.repeat(100)}fin`);
    expect(cut.length).toBeLessThanOrEqual(256);
    expect(cut.endsWith('mot…')).toBe(true);
  });
});

describe('the publication deadline', () => {
  it('is three calendar months after signature, reminded a month before; shorter in the demo mode or when set', () => {
    expect(publicationDeadlines('2027-01-31T10:00:00.000Z', { timeScale: 1 })).toEqual({
      dueBy: '2027-04-30T10:00:00.000Z',
      remindAt: '2027-03-31T10:00:00.000Z',
    });
    const demo = publicationDeadlines('2027-01-01T00:00:00.000Z', { timeScale: 52_560 });
    expect(Date.parse(demo.dueBy) - Date.parse('2027-01-01T00:00:00.000Z')).toBe(Math.round((90 * 86_400_000) / 52_560));
    expect(publicationDeadlines('2027-01-01T00:00:00.000Z', { timeScale: 1, publicationDelayMs: 30_000, reminderBeforeMs: 15_000 })).toEqual({
      dueBy: '2027-01-01T00:00:30.000Z',
      remindAt: '2027-01-01T00:00:15.000Z',
    });
  });
});
