import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, FundingPlanTable, Table } from '../components/data';
import { Button } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { NotFound } from './not-found';
import { Timeline } from './micro-grant';

type Agreement = Schemas['AgreementViewDto'];

/**
 * An anchoring agreement as its parties read it: the terms, who has accepted (the association and
 * each funder for its own line), each year's tranche, coordination time and report, a pending
 * amendment or termination with who it awaits, and the one action this reader can take.
 */
export function AgreementPage({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const { t, euros, date } = useI18n();
  const funders = useQuery({ queryKey: ['funders'], queryFn: () => call(api.GET('/funders')) });
  const associations = useQuery({ queryKey: ['associations'], queryFn: () => call(api.GET('/associations')) });
  const agreement = useQuery({
    queryKey: ['agreement', id],
    queryFn: () => call(api.GET('/anchoring-agreements/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  if (agreement.error instanceof ApiError && (agreement.error.status === 404 || agreement.error.status === 403)) {
    return <NotFound title={t('agreement.notFound')} body={t('grant.notFoundBody')} />;
  }
  if (agreement.isPending) return <Loading />;
  if (agreement.error) return <ErrorAlert error={agreement.error} />;
  const view = agreement.data;
  const funderName = (funderId: string) => funders.data?.find((f) => f.id === funderId)?.name ?? funderId;
  const partyName = (party: string) => (party === 'association' ? t('agreement.theAssociation') : funderName(party));
  const associationName = associations.data?.find((a) => a.id === view.associationId)?.name ?? view.associationId;
  const accepted = new Set(view.fundersAccepted ?? view.fundingPlan.map((line) => line.funderId));
  return (
    <Page title={t('agreement.title', { association: associationName })}>
      <Facts
        items={[
          [t('grant.status'), <AgreementStatus key="s" status={view.status} />],
          [t('grant.association'), associationName],
          [t('agreement.years'), t('agreement.yearsValue', { years: view.years, start: date(view.startDate) })],
          [t('agreement.yearly'), euros(view.yearlyAmountCents)],
          [
            t('agreement.coordination'),
            view.coordination.mode === 'flat'
              ? t('agreement.coordinationFlat', { amount: euros(view.coordination.flatAmountCents ?? 0) })
              : t('agreement.coordinationTokens', { value: euros(view.coordination.tokenValueCents ?? 0), cap: euros(view.coordination.yearlyCapCents ?? 0) }),
          ],
          [t('agreement.paid'), euros(view.totals.operatingPaidCents + view.totals.coordinationPaidCents)],
        ]}
      />
      <Actions view={view} me={me} partyName={partyName} />
      <FundingPlanTable lines={view.fundingPlan} accepted={accepted} funderName={funderName} caption={t('agreement.planCaption')} amountLabel={t('agreement.perYear')} />
      <section aria-labelledby="years">
        <h2 id="years">{t('agreement.schedule')}</h2>
        <Table
          caption={t('agreement.scheduleCaption')}
          head={[t('agreement.year'), t('agreement.period'), t('grant.amount'), t('agreement.tranche'), t('agreement.coordinationShort'), t('agreement.report')]}
        >
          {view.schedule.map((year) => (
            <tr key={year.year}>
              <th scope="row" data-label={t('agreement.year')}>
                {year.year}
              </th>
              <td data-label={t('agreement.period')}>{t('agreement.periodValue', { from: date(year.startsAt), to: date(year.endsAt) })}</td>
              <td data-label={t('grant.amount')} className="number">
                {euros(year.amountCents)}
              </td>
              <td data-label={t('agreement.tranche')}>{t(`agreement.tranche.${year.tranche}` as MessageKey)}</td>
              <td data-label={t('agreement.coordinationShort')}>
                {view.coordination.mode === 'tokens' ? t('agreement.tokens', { tokens: year.coordination.tokens }) + ' · ' : ''}
                {euros(year.coordination.paidCents || year.coordination.accruedCents)}
              </td>
              <td data-label={t('agreement.report')}>
                {t(`agreement.report.${year.report.status}` as MessageKey)}
                {year.report.status !== 'received' ? ` (${t('agreement.reportDue', { date: date(year.report.dueAt) })})` : ''}
              </td>
            </tr>
          ))}
        </Table>
      </section>
      <Timeline id={view.id} />
    </Page>
  );
}

const TONE: Record<string, string> = { proposed: 'info', active: 'success', report_overdue: 'warning', withdrawn: 'error', terminated: 'neutral', completed: 'neutral' };

function AgreementStatus({ status }: { status: string }) {
  const { t } = useI18n();
  return <span className={`badge badge-${TONE[status] ?? 'neutral'}`}>{t(`agreement.status.${status}` as MessageKey)}</span>;
}

/** What this reader may do now: accept the agreement, its own line, an amendment, a mutual termination. */
function Actions({ view, me, partyName }: { view: Agreement; me: Me; partyName: (party: string) => string }) {
  const { t, euros } = useI18n();
  const queries = useQueryClient();
  const path = { params: { path: { id: view.id } } };
  const done = () => Promise.all([queries.invalidateQueries({ queryKey: ['agreement', view.id] }), queries.invalidateQueries({ queryKey: ['events', view.id] })]);
  const acceptAgreement = useMutation({ mutationFn: () => call(api.POST('/anchoring-agreements/{id}/accept', path)), onSuccess: done });
  const acceptLine = useMutation({ mutationFn: () => call(api.POST('/anchoring-agreements/{id}/funding-line/accept', path)), onSuccess: done });
  const acceptAmendment = useMutation({ mutationFn: () => call(api.POST('/anchoring-agreements/{id}/amendments/accept', path)), onSuccess: done });
  const agreeTermination = useMutation({
    mutationFn: () => call(api.POST('/anchoring-agreements/{id}/termination', { ...path, body: { mode: 'mutual', reason: view.termination?.reason ?? '' } })),
    onSuccess: done,
  });
  const mutations = [acceptAgreement, acceptLine, acceptAmendment, agreeTermination];
  const myAssociation = me.role === 'association' && me.organisation?.id === view.associationId;
  const myFunder = me.role === 'funder' ? me.organisation?.id : undefined;
  const pending = view.pendingAmendment;
  const termination = view.termination;
  const items: { key: string; text: string; action?: { label: string; run: () => void } }[] = [];

  if (view.status === 'proposed') {
    const awaiting = [...(view.associationAcceptedAt ? [] : ['association']), ...view.awaitingFunders];
    items.push({
      key: 'signature',
      text: t('agreement.awaitingSignature', { parties: awaiting.map(partyName).join(', ') }),
      action: myAssociation && !view.associationAcceptedAt
        ? { label: t('agreement.accept'), run: () => acceptAgreement.mutate() }
        : myFunder && view.awaitingFunders.includes(myFunder)
          ? { label: t('agreement.acceptLine'), run: () => acceptLine.mutate() }
          : undefined,
    });
  }
  if (pending) {
    const awaiting = [...(pending.associationAgreed === false ? ['association'] : []), ...(pending.awaitingFunders ?? [])];
    const mayAgree =
      pending.awaitingFunders === undefined
        ? (myAssociation && pending.proposedBySide === 'funding') || (!myAssociation && me.role !== 'association' && pending.proposedBySide === 'association')
        : (myAssociation && pending.associationAgreed === false) || (myFunder !== undefined && pending.awaitingFunders.includes(myFunder));
    items.push({
      key: 'amendment',
      text:
        t('agreement.amendment', { amount: euros(pending.yearlyAmountCents), year: pending.fromYear }) +
        (awaiting.length ? ` ${t('agreement.awaiting', { parties: awaiting.map(partyName).join(', ') })}` : ''),
      action: mayAgree ? { label: t('agreement.acceptAmendment'), run: () => acceptAmendment.mutate() } : undefined,
    });
  }
  if (termination && !['terminated', 'completed', 'withdrawn'].includes(view.status)) {
    const mine = myAssociation ? 'association' : myFunder;
    items.push({
      key: 'termination',
      text:
        (termination.effectiveAt ? t('agreement.terminationOn', { reason: termination.reason }) : t('agreement.terminationAsked', { reason: termination.reason })) +
        (termination.awaiting?.length ? ` ${t('agreement.awaiting', { parties: termination.awaiting.map(partyName).join(', ') })}` : ''),
      action: mine && termination.mode === 'mutual' && termination.awaiting?.includes(mine) ? { label: t('agreement.agreeTermination'), run: () => agreeTermination.mutate() } : undefined,
    });
  }
  if (!items.length) return null;
  return (
    <section aria-labelledby="awaiting" className="panel">
      <h2 id="awaiting">{t('agreement.actions')}</h2>
      {mutations.some((m) => m.isSuccess) && <Alert kind="success">{t('agreement.recorded')}</Alert>}
      {mutations.map((m, i) => m.error && <ErrorAlert key={i} error={m.error} />)}
      <ul className="cards">
        {items.map((item) => (
          <li key={item.key} className="card">
            <p>{item.text}</p>
            {item.action && (
              <p>
                <Button onClick={item.action.run} disabled={mutations.some((m) => m.isPending)}>
                  {item.action.label}
                </Button>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

