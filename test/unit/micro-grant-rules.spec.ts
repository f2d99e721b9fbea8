import {
  MicroGrantState,
  RecordedDecision,
  decisionOutcome,
  decisionProblem,
  envelopeYearOf,
  policyProblem,
  reportProblem,
  DEFAULT_MICRO_GRANT_POLICY,
  MicroGrantEvent,
  MicroGrantEventBody,
  RecordedMicroGrant,
  SYSTEM_ACTOR,
  evolveMicroGrant,
} from '@grants/domain';

const awaiting: MicroGrantState = {
  id: 'mg-1',
  status: 'awaiting_decisions',
  binomeId: 'binome-plaine-commune',
  territoryId: 'plaine-commune',
  year: 2026,
  associationId: 'assoc-francs-moisins',
  requestedBy: 'user-1',
  title: 'Fête de quartier',
  purpose: 'Goûter',
  amountCents: 150_000,
  requestedAt: '2026-06-01T10:00:00.000Z',
  decisions: [],
};

const decision = (role: RecordedDecision['role'], verdict: RecordedDecision['decision']): RecordedDecision => ({
  role,
  actorId: role,
  decision: verdict,
  reason: verdict === 'reject' ? 'hors cadre' : undefined,
  at: '2026-06-02T10:00:00.000Z',
});

describe('binôme decisions', () => {
  it('approves only when both members approve', () => {
    expect(decisionOutcome([])).toBe('pending');
    expect(decisionOutcome([decision('project_lead', 'approve')])).toBe('pending');
    expect(decisionOutcome([decision('project_lead', 'approve'), decision('prefect_delegate', 'approve')])).toBe('approved');
  });

  it('rejects on a single rejection, whoever gives it', () => {
    expect(decisionOutcome([decision('prefect_delegate', 'reject')])).toBe('rejected');
    expect(decisionOutcome([decision('project_lead', 'approve'), decision('prefect_delegate', 'reject')])).toBe('rejected');
  });

  it('refuses a second decision by the same member (conflict)', () => {
    const state = { ...awaiting, decisions: [decision('project_lead', 'approve')] };
    const problem = decisionProblem(state, { role: 'project_lead', actorId: 'x', decision: 'approve' });
    expect(problem).toMatchObject({ code: 'conflict', message: 'the project_lead has already decided on this grant' });
  });

  it('refuses a rejection without a reason (validation)', () => {
    expect(decisionProblem(awaiting, { role: 'project_lead', actorId: 'x', decision: 'reject', reason: '  ' })).toMatchObject({
      code: 'validation',
    });
  });

  it('refuses decisions on a grant that no longer takes them', () => {
    for (const status of ['escalated', 'approved', 'paid', 'closed', 'rejected', 'expired'] as const) {
      const problem = decisionProblem({ ...awaiting, status }, { role: 'prefect_delegate', actorId: 'x', decision: 'approve' });
      expect(problem?.code).toBe('conflict');
    }
  });
});

describe('the short report', () => {
  it('is refused before payment, accepted after it and when overdue, refused once closed', () => {
    const command = { actorId: 'user-1', summary: '120 habitants présents' };
    expect(reportProblem(awaiting, command)?.code).toBe('conflict');
    expect(reportProblem({ ...awaiting, status: 'paid' }, command)).toBeNull();
    expect(reportProblem({ ...awaiting, status: 'report_overdue' }, command)).toBeNull();
    expect(reportProblem({ ...awaiting, status: 'closed' }, command)?.message).toBe('the report has already been submitted');
  });

  it('needs a summary', () => {
    expect(reportProblem({ ...awaiting, status: 'paid' }, { actorId: 'u', summary: ' ' })?.code).toBe('validation');
  });
});

describe('micro-grant policy', () => {
  it('defaults to 14 days to decide and a report 90 days after payment', () => {
    expect(DEFAULT_MICRO_GRANT_POLICY.decisionDeadlineMs).toBe(14 * 86_400_000);
    expect(DEFAULT_MICRO_GRANT_POLICY.reportDueMs).toBe(90 * 86_400_000);
    expect(policyProblem(DEFAULT_MICRO_GRANT_POLICY)).toBeNull();
  });

  it('refuses a reminder that would come after the due date', () => {
    expect(policyProblem({ decisionDeadlineMs: 1000, reportDueMs: 1000, reportReminderBeforeMs: 2000 })).toMatch(/reminder/);
  });

  it('charges a request to the French civil year (Europe/Paris)', () => {
    expect(envelopeYearOf('2026-12-31T23:30:00.000Z')).toBe(2027);
    expect(envelopeYearOf('2026-12-31T22:59:00.000Z')).toBe(2026);
  });
});

describe("a micro-grant's state, event by event (evolveMicroGrant)", () => {
  const at = (minute: number) => `2026-06-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
  const stamped = (body: MicroGrantEventBody, minute: number, actor: MicroGrantEvent['actor'] = SYSTEM_ACTOR): MicroGrantEvent =>
    ({ ...body, grantId: 'mg-1', actor, occurredAt: at(minute) }) as MicroGrantEvent;
  const fold = (events: MicroGrantEvent[]) => events.reduce<RecordedMicroGrant | null>((state, event) => evolveMicroGrant(state, event), null)!;
  const requested = stamped(
    {
      type: 'MicroGrantRequested',
      payload: {
        binomeId: 'binome-plaine-commune',
        territoryId: 'plaine-commune',
        year: 2026,
        associationId: 'assoc-francs-moisins',
        title: 'Fête de quartier',
        purpose: 'Goûter',
        amountCents: 150_000,
        qpv: 'Francs-Moisins',
        targetPublic: { basis: 'eligible', publics: ['young_people'] },
      },
    },
    0,
    { kind: 'user', id: 'user-1', role: 'association' },
  );
  const reserved = stamped({ type: 'MicroGrantFundsReserved', payload: { amountCents: 150_000, decisionDeadlineAt: at(59) } }, 1);
  const byLead = stamped({ type: 'MicroGrantDecisionRecorded', payload: { role: 'project_lead', decision: 'approve' } }, 2, {
    kind: 'user',
    id: 'pl-1',
    role: 'project_lead',
  });
  const byDelegate = stamped({ type: 'MicroGrantDecisionRecorded', payload: { role: 'prefect_delegate', decision: 'reject', reason: 'Déjà financé' } }, 3, {
    kind: 'user',
    id: 'pd-1',
    role: 'prefect_delegate',
  });

  it('opens requested, with the request, who made it and when', () => {
    expect(fold([requested])).toEqual({
      id: 'mg-1',
      status: 'requested',
      binomeId: 'binome-plaine-commune',
      territoryId: 'plaine-commune',
      year: 2026,
      associationId: 'assoc-francs-moisins',
      requestedBy: 'user-1',
      title: 'Fête de quartier',
      purpose: 'Goûter',
      amountCents: 150_000,
      qpv: 'Francs-Moisins',
      targetPublic: { basis: 'eligible', publics: ['young_people'] },
      requestedAt: at(0),
      decisions: [],
      lastSeq: 1,
    });
    expect(() => evolveMicroGrant(fold([requested]), requested)).toThrow('requested twice');
    expect(() => evolveMicroGrant(null, reserved)).toThrow('before the request');
  });

  it('escalates with the reason, or awaits the decisions until the deadline', () => {
    expect(fold([requested, stamped({ type: 'MicroGrantEscalated', payload: { code: 'over_ceiling', reason: 'au-dessus du plafond' } }, 1)])).toMatchObject({
      status: 'escalated',
      escalation: { code: 'over_ceiling', reason: 'au-dessus du plafond' },
      lastSeq: 2,
    });
    expect(fold([requested, reserved])).toMatchObject({ status: 'awaiting_decisions', decisionDeadlineAt: at(59), lastSeq: 2 });
  });

  it('keeps each decision with who took it and when, its reason when there is one', () => {
    expect(fold([requested, reserved, byLead, byDelegate]).decisions).toEqual([
      { role: 'project_lead', actorId: 'pl-1', decision: 'approve', at: at(2) },
      { role: 'prefect_delegate', actorId: 'pd-1', decision: 'reject', reason: 'Déjà financé', at: at(3) },
    ]);
    const byAssociation = stamped({ type: 'MicroGrantDecisionRecorded', payload: { role: 'association', decision: 'approve' } }, 2);
    expect(() => fold([requested, reserved, byAssociation])).toThrow('a decision by association');
  });

  it('ends rejected, expired, or approved then paid with the report due', () => {
    const decided = [requested, reserved, byLead, byDelegate];
    expect(fold([...decided, stamped({ type: 'MicroGrantRejected', payload: { role: 'prefect_delegate', reason: 'Déjà financé' } }, 4)]).status).toBe(
      'rejected',
    );
    expect(fold([requested, reserved, stamped({ type: 'MicroGrantExpired', payload: { decisionDeadlineAt: at(59) } }, 59)]).status).toBe('expired');
    const paid = fold([
      requested,
      reserved,
      byLead,
      stamped({ type: 'MicroGrantApproved', payload: { amountCents: 150_000 } }, 4),
      stamped({ type: 'PaymentOrdered', payload: { paymentOrderId: 'po-1', amountCents: 150_000, reportDueAt: at(50) } }, 5),
    ]);
    expect(paid).toMatchObject({ status: 'paid', paymentOrderId: 'po-1', paidAt: at(5), reportDueAt: at(50), lastSeq: 5 });
    expect(evolveMicroGrant(fold([requested, reserved, byLead]), stamped({ type: 'MicroGrantApproved', payload: { amountCents: 150_000 } }, 4)).status).toBe(
      'approved',
    );
  });

  it('is reminded of its report without changing status, flagged overdue, and closed by the report even late', () => {
    const paid = fold([
      requested,
      reserved,
      stamped({ type: 'MicroGrantApproved', payload: { amountCents: 150_000 } }, 4),
      stamped({ type: 'PaymentOrdered', payload: { paymentOrderId: 'po-1', amountCents: 150_000, reportDueAt: at(50) } }, 5),
    ]);
    const reminded = evolveMicroGrant(paid, stamped({ type: 'ReportReminderSent', payload: { reportDueAt: at(50) } }, 40));
    expect(reminded).toEqual({ ...paid, lastSeq: paid.lastSeq + 1 });
    const overdue = evolveMicroGrant(reminded, stamped({ type: 'ReportOverdue', payload: { reportDueAt: at(50) } }, 50));
    expect(overdue.status).toBe('report_overdue');
    const closed = evolveMicroGrant(
      overdue,
      stamped({ type: 'ReportSubmitted', payload: { summary: '180 habitants' } }, 55, { kind: 'user', id: 'user-1', role: 'association' }),
    );
    expect(closed).toMatchObject({ status: 'closed', report: { summary: '180 habitants', submittedAt: at(55), submittedBy: 'user-1' }, closedAt: at(55) });
  });
});
