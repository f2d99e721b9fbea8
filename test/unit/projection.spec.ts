import { GrantEventDraft, GrantView, SYSTEM_ACTOR, projectGrant } from '../../libs/domain/src';

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
