import { ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';

/** A status's tone, per kind of file (words always say it; the colour only adds to them). */
const TONE: Record<string, Record<string, string>> = {
  micro_grant: {
    approved: 'success',
    paid: 'success',
    closed: 'neutral',
    rejected: 'error',
    expired: 'error',
    escalated: 'warning',
    report_overdue: 'warning',
    awaiting_decisions: 'info',
    requested: 'info',
  },
  consortium_application: {
    awarded: 'success',
    not_awarded: 'error',
    not_shortlisted: 'error',
    no_proposal: 'error',
    report_overdue: 'warning',
    closed: 'neutral',
  },
  anchoring_agreement: { proposed: 'info', active: 'success', report_overdue: 'warning', withdrawn: 'error', terminated: 'neutral', completed: 'neutral' },
  incubation: { awaiting_mentor: 'info', awaiting_plan: 'info', in_progress: 'success', graduated: 'neutral', withdrawn: 'error' },
};

export const MICRO_GRANT_STATUSES = [
  'requested',
  'awaiting_decisions',
  'escalated',
  'approved',
  'rejected',
  'expired',
  'paid',
  'report_overdue',
  'closed',
] as const;
export const APPLICATION_STATUSES = [
  'expressed',
  'shortlisted',
  'not_shortlisted',
  'proposal_open',
  'proposal_submitted',
  'no_proposal',
  'awarded',
  'not_awarded',
  'report_overdue',
  'closed',
] as const;
export const AGREEMENT_STATUSES = ['proposed', 'active', 'report_overdue', 'withdrawn', 'terminated', 'completed'] as const;
export const INCUBATION_STATUSES = ['awaiting_mentor', 'awaiting_plan', 'in_progress', 'graduated', 'withdrawn'] as const;
export type GrantKind = 'micro_grant' | 'consortium_application' | 'anchoring_agreement' | 'incubation';

/** Each kind of file's statuses, as the files' filter offers them. */
export const STATUSES_OF: Record<GrantKind, readonly string[]> = {
  micro_grant: MICRO_GRANT_STATUSES,
  consortium_application: APPLICATION_STATUSES,
  anchoring_agreement: AGREEMENT_STATUSES,
  incubation: INCUBATION_STATUSES,
};

/** A status in words: an agreement's and an incubation's have their own (feminine or masculine) labels. */
export function statusKey(status: string, kind?: string): MessageKey {
  if (kind === 'anchoring_agreement') return `agreement.status.${status}` as MessageKey;
  if (kind === 'incubation') return `incubation.status.${status}` as MessageKey;
  return `status.${status}` as MessageKey;
}

const KNOWN = new Set(Object.entries(STATUSES_OF).flatMap(([kind, statuses]) => statuses.map((s) => `${kind}:${s}`)));

/** A status as a badge, in words (never in colour alone); a micro-grant's or an application's unless the kind says otherwise. */
export function StatusBadge({ status, kind }: { status: string; kind?: string }) {
  const { t } = useI18n();
  const k = kind ?? (KNOWN.has(`micro_grant:${status}`) ? 'micro_grant' : 'consortium_application');
  return <span className={`badge badge-${TONE[k]?.[status] ?? 'neutral'}`}>{KNOWN.has(`${k}:${status}`) ? t(statusKey(status, k)) : status}</span>;
}

/** A table; on a narrow screen each row becomes a card, each cell labelled by its column (data-label). */
export function Table({ caption, head, children }: { caption: string; head: ReactNode[]; children: ReactNode }) {
  return (
    <div className="table-wrap">
      <table className="responsive">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function Pagination({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  const { t } = useI18n();
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <button type="button" className="button button-secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('pagination.previous')}
      </button>
      <span aria-current="page">{t('pagination.page', { page, pages })}</span>
      <button type="button" className="button button-secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('pagination.next')}
      </button>
    </nav>
  );
}

/** Terms and their values (a file's facts). */
export function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A funding plan: each funder's line, its amount, and whether the funder has accepted it. */
export function FundingPlanTable({
  lines,
  accepted,
  funderName,
  caption,
  amountLabel,
}: {
  lines: { funderId: string; amountCents: number }[];
  accepted: ReadonlySet<string>;
  funderName: (funderId: string) => string;
  caption: string;
  amountLabel: string;
}) {
  const { t, euros } = useI18n();
  return (
    <section aria-labelledby="plan">
      <h2 id="plan">{t('agreement.plan')}</h2>
      <Table caption={caption} head={[t('agreement.funder'), amountLabel, t('agreement.line')]}>
        {lines.map((line) => (
          <tr key={line.funderId}>
            <td data-label={t('agreement.funder')}>{funderName(line.funderId)}</td>
            <td data-label={amountLabel} className="number">
              {euros(line.amountCents)}
            </td>
            <td data-label={t('agreement.line')}>
              <span className={`badge badge-${accepted.has(line.funderId) ? 'success' : 'warning'}`}>
                {accepted.has(line.funderId) ? t('agreement.lineAccepted') : t('agreement.lineAwaited')}
              </span>
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
