import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, StatusBadge, Table } from '../components/data';
import { SummaryForm } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { NotFound } from './not-found';
import { Timeline } from './micro-grant';
import { ProposalEditor } from './proposal-editor';

export type Application = Schemas['ApplicationViewDto'];

/** Where the members still act: the proposal while it may be (re)submitted, the final report once awarded. */
const PROPOSING = ['shortlisted', 'proposal_open', 'proposal_submitted'];

/**
 * A consortium's application to a call, as a member or the call's managers see it: where it stands and
 * what comes next by when; the pre-selection stipend and each member's part; the proposal (its lead
 * member edits the split, each rule broken named beside the member); the double-funding flags; the
 * award with each member's tranches; the final report that releases the balance; its timeline.
 */
export function ApplicationPage({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const { t, euros, date, dateTime } = useI18n();
  const queries = useQueryClient();
  const application = useQuery({
    queryKey: ['application', id],
    queryFn: () => call(api.GET('/applications/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  if (application.error instanceof ApiError && (application.error.status === 404 || application.error.status === 403)) {
    return <NotFound title={t('application.notFound')} body={t('grant.notFoundBody')} />;
  }
  if (application.isPending) return <Loading />;
  if (application.error) return <ErrorAlert error={application.error} />;
  const view = application.data;
  const name = (associationId: string) => view.consortium.members.find((m) => m.associationId === associationId)?.name ?? associationId;
  const mine = me.role === 'association' ? me.organisation?.id : undefined;
  const member = !!mine && view.consortium.members.some((m) => m.associationId === mine);
  const lead = !!mine && mine === view.consortium.leadAssociationId;
  const refresh = () => Promise.all([queries.invalidateQueries({ queryKey: ['application', id] }), queries.invalidateQueries({ queryKey: ['events', id] })]);
  // Once the final report is in, nothing is left to do (the balance follows).
  const next = view.finalReport
    ? 'application.next.closed'
    : view.status === 'expressed' && !view.paidPreselection
      ? 'application.next.expressedOpen'
      : `application.next.${view.status}`;
  return (
    <Page title={t('application.title', { consortium: view.consortium.name })}>
      <Facts
        items={[
          [
            t('application.call'),
            <Link key="c" to={`/appels/${view.callId}`}>
              {view.callTitle}
            </Link>,
          ],
          [t('grant.status'), <StatusBadge key="s" status={view.status} />],
          [t('application.nextStep'), t(next as MessageKey)],
          [t('application.deadline'), view.deadline && !view.finalReport ? dateTime(view.deadline) : '—'],
          [
            t('application.members'),
            view.consortium.members
              .map(
                (m) =>
                  `${m.name}${m.associationId === view.consortium.leadAssociationId ? ` (${t('application.leadMember')})` : ''} — ${t(`application.proximity.${m.proximity}` as MessageKey)}`,
              )
              .join(' ; '),
          ],
        ]}
      />
      {view.shortlistReason && (
        <Alert kind={view.status === 'not_shortlisted' ? 'warning' : 'info'} title={t('application.shortlistReason')}>
          {view.shortlistReason}
        </Alert>
      )}
      {view.stipend && (
        <section aria-labelledby="stipend">
          <h2 id="stipend">{t('application.stipend')}</h2>
          <p>
            {t('application.stipendLead', { amount: euros(view.stipend.amountCents) })}
            {view.stipend.yourShareCents !== undefined && ` ${t('application.yourPart', { amount: euros(view.stipend.yourShareCents) })}`}
          </p>
          <Table caption={t('application.stipendCaption')} head={[t('application.member'), t('grant.amount')]}>
            {view.stipend.split.map((s) => (
              <tr key={s.associationId}>
                <td data-label={t('application.member')}>{name(s.associationId)}</td>
                <td data-label={t('grant.amount')} className="number">
                  {euros(s.amountCents)}
                </td>
              </tr>
            ))}
          </Table>
        </section>
      )}
      {view.proposal && (
        <section aria-labelledby="proposal">
          <h2 id="proposal">{t('application.proposal')}</h2>
          <p>
            {t('application.proposalLead', {
              amount: euros(view.proposal.requestedAmountCents),
              from: date(view.proposal.actionStart),
              to: date(view.proposal.actionEnd),
              at: dateTime(view.proposal.submittedAt),
            })}
          </p>
          <p className="pre-line">{view.proposal.targetPublicPlan}</p>
          <Table caption={t('application.proposalCaption')} head={[t('application.member'), t('application.role'), t('application.share')]}>
            {view.proposal.members.map((m) => (
              <tr key={m.associationId}>
                <td data-label={t('application.member')}>{name(m.associationId)}</td>
                <td data-label={t('application.role')}>{m.role}</td>
                <td data-label={t('application.share')} className="number">
                  {euros(m.shareCents)}
                </td>
              </tr>
            ))}
          </Table>
        </section>
      )}
      {view.doubleFundingFlags.length > 0 && (
        <Alert kind="warning" title={t('application.flags')}>
          <ul>
            {view.doubleFundingFlags.map((f) => (
              <li key={`${f.associationId}-${f.conflictingGrantId}`}>
                {t('application.flag', {
                  member: name(f.associationId),
                  siret: f.siret,
                  title: f.conflictingTitle,
                  from: date(f.periodStart),
                  to: date(f.periodEnd),
                })}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {lead && PROPOSING.includes(view.status) && <ProposalEditor view={view} done={refresh} />}
      {member && !lead && PROPOSING.includes(view.status) && view.status !== 'proposal_submitted' && (
        <p>{t('application.leadProposes', { lead: name(view.consortium.leadAssociationId) })}</p>
      )}
      {view.award && (
        <section aria-labelledby="award">
          <h2 id="award">{t('application.award')}</h2>
          <p>{t('application.awardLead', { amount: euros(view.award.amountCents), at: date(view.award.awardedAt) })}</p>
          <p className="pre-line">{view.award.reason}</p>
          <Table
            caption={t('application.awardCaption')}
            head={[t('application.member'), t('application.awardShare'), t('application.firstTranche'), t('application.finalTranche')]}
          >
            {view.award.payments.map((p) => (
              <tr key={p.associationId}>
                <td data-label={t('application.member')}>{name(p.associationId)}</td>
                <td data-label={t('application.awardShare')} className="number">
                  {euros(p.awardCents)}
                </td>
                <td data-label={t('application.firstTranche')} className="number">
                  {euros(p.firstTrancheCents)}
                </td>
                <td data-label={t('application.finalTranche')} className="number">
                  {euros(p.finalTrancheCents)}
                </td>
              </tr>
            ))}
          </Table>
          {view.reportDueAt && !view.finalReport && <p>{t('application.reportDue', { date: date(view.reportDueAt) })}</p>}
          {view.finalReport && (
            <>
              <Alert kind="success">{t('application.closed', { date: date(view.finalReport.submittedAt) })}</Alert>
              <h3>{t('application.finalReport')}</h3>
              <p className="pre-line">{view.finalReport.summary}</p>
            </>
          )}
        </section>
      )}
      {view.decisionReason && !view.award && (
        <Alert kind="warning" title={t('application.decision')}>
          {view.decisionReason}
        </Alert>
      )}
      {member && !view.finalReport && (view.status === 'awarded' || view.status === 'report_overdue') && (
        <SummaryForm
          title={t('application.finalReport')}
          label={t('application.finalReportSummary')}
          hint={t('application.finalReportHint')}
          submitLabel={t('application.finalReportSubmit')}
          submit={async (summary) => {
            await call(api.POST('/applications/{id}/final-report', { params: { path: { id } }, body: { summary } }));
            await refresh();
          }}
        />
      )}
      <Timeline id={view.id} />
    </Page>
  );
}
