import {
  MicroGrantState,
  RecordedDecision,
  decisionOutcome,
  decisionProblem,
  envelopeYearOf,
  policyProblem,
  reportProblem,
  DEFAULT_MICRO_GRANT_POLICY,
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
