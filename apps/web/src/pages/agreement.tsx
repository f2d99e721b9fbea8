import { QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, FundingPlanTable, StatusBadge, Table } from '../components/data';
import { FormEvent, useState } from 'react';
import { Button, ChoiceField, ErrorSummary, Field, Input, TextsForm } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { centsOf } from './micro-grant-request';
import { agreementSide, agreementSteps, ENDED } from './agreement-steps';
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
  // What the reader just did, said above the agreement (the form it used may be gone with the step).
  const [notice, setNotice] = useState<string>();
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
          [t('grant.status'), <StatusBadge key="s" status={view.status} kind="anchoring_agreement" />],
          [t('grant.association'), associationName],
          [
            t('agreement.years'),
            t('agreement.yearsValue', { duration: t(view.years === 1 ? 'propose.oneYear' : 'propose.nYears', { n: view.years }), start: date(view.startDate) }),
          ],
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
      {notice && <Alert kind="success">{notice}</Alert>}
      <Actions view={view} me={me} partyName={partyName} onDone={setNotice} />
      <AgreementForms view={view} me={me} onDone={setNotice} />
      <FundingPlanTable
        lines={view.fundingPlan}
        accepted={accepted}
        funderName={funderName}
        caption={t('agreement.planCaption')}
        amountLabel={t('agreement.perYear')}
      />
      <section aria-labelledby="years">
        <h2 id="years">{t('agreement.schedule')}</h2>
        <Table
          caption={t('agreement.scheduleCaption')}
          head={[
            t('agreement.year'),
            t('agreement.period'),
            t('grant.amount'),
            t('agreement.tranche'),
            t('agreement.coordinationShort'),
            t('agreement.report'),
          ]}
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

/** What this reader may do now: accept the agreement, its own line, an amendment, a mutual termination. */
function Actions({ view, me, partyName, onDone }: { view: Agreement; me: Me; partyName: (party: string) => string; onDone: (notice: string) => void }) {
  const { t, euros } = useI18n();
  const queries = useQueryClient();
  const path = { params: { path: { id: view.id } } };
  const done = () => refresh(queries, view.id).then(() => onDone(t('agreement.recorded')));
  const acceptAgreement = useMutation({ mutationFn: () => call(api.POST('/anchoring-agreements/{id}/accept', path)), onSuccess: done });
  const acceptLine = useMutation({ mutationFn: () => call(api.POST('/anchoring-agreements/{id}/funding-line/accept', path)), onSuccess: done });
  const acceptAmendment = useMutation({ mutationFn: () => call(api.POST('/anchoring-agreements/{id}/amendments/accept', path)), onSuccess: done });
  const agreeTermination = useMutation({
    mutationFn: () => call(api.POST('/anchoring-agreements/{id}/termination', { ...path, body: { mode: 'mutual', reason: view.termination?.reason ?? '' } })),
    onSuccess: done,
  });
  const mutations = [acceptAgreement, acceptLine, acceptAmendment, agreeTermination];
  const steps = agreementSteps(view, me);
  const pending = view.pendingAmendment;
  const termination = view.termination;
  const items: { key: string; text: string; action?: { label: string; run: () => void } }[] = [];

  if (view.status === 'proposed') {
    const awaiting = [...(view.associationAcceptedAt ? [] : ['association']), ...view.awaitingFunders];
    items.push({
      key: 'signature',
      text: t('agreement.awaitingSignature', { parties: awaiting.map(partyName).join(', ') }),
      action: steps.accept
        ? { label: t('agreement.accept'), run: () => acceptAgreement.mutate() }
        : steps.acceptLine
          ? { label: t('agreement.acceptLine'), run: () => acceptLine.mutate() }
          : undefined,
    });
  }
  if (pending) {
    const awaiting = [...(pending.associationAgreed === false ? ['association'] : []), ...(pending.awaitingFunders ?? [])];
    items.push({
      key: 'amendment',
      text:
        t('agreement.amendment', { amount: euros(pending.yearlyAmountCents), year: pending.fromYear }) +
        (awaiting.length ? ` ${t('agreement.awaiting', { parties: awaiting.map(partyName).join(', ') })}` : ''),
      action: steps.acceptAmendment ? { label: t('agreement.acceptAmendment'), run: () => acceptAmendment.mutate() } : undefined,
    });
  }
  if (termination && !ENDED.includes(view.status)) {
    items.push({
      key: 'termination',
      text:
        (termination.effectiveAt
          ? t('agreement.terminationOn', { reason: termination.reason })
          : t('agreement.terminationAsked', { reason: termination.reason })) +
        (termination.awaiting?.length ? ` ${t('agreement.awaiting', { parties: termination.awaiting.map(partyName).join(', ') })}` : ''),
      action: steps.agreeTermination ? { label: t('agreement.agreeTermination'), run: () => agreeTermination.mutate() } : undefined,
    });
  }
  if (!items.length) return null;
  return (
    <section aria-labelledby="awaiting" className="panel">
      <h2 id="awaiting">{t('agreement.actions')}</h2>
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

/**
 * What a party writes on a running agreement: the association its year's activity report (which
 * releases a withheld tranche at once); either side an amendment of the yearly amount for the years
 * not started; a termination (with notice by the funder side, or by mutual agreement).
 */
function AgreementForms({ view, me, onDone }: { view: Agreement; me: Me; onDone: (notice: string) => void }) {
  const { t, date } = useI18n();
  const queries = useQueryClient();
  const path = { params: { path: { id: view.id } } };
  const done = (notice: string) => () => refresh(queries, view.id).then(() => onDone(notice));
  const [reportYear, setReportYear] = useState<number>();
  const [mode, setMode] = useState<'notice' | 'mutual'>('notice');
  const side = agreementSide(view, me);
  const association = side === 'association';
  const funding = side === 'funding';
  if (ENDED.includes(view.status) || view.status === 'proposed' || (!association && !funding)) return null;
  const reportable = view.schedule.filter((y) => y.report.status === 'due' || y.report.status === 'overdue');
  const year = reportYear ?? reportable[0]?.year;
  const terminationOpen = !view.termination;
  return (
    <>
      {association && reportable.length > 0 && year !== undefined && (
        <TextsForm
          id="report"
          title={t('agreement.reportTitle')}
          before={
            <ChoiceField
              name="report-year"
              label={t('agreement.year')}
              value={year}
              options={reportable.map((y) => ({ value: y.year, label: t('agreement.reportYear', { year: y.year, date: date(y.report.dueAt) }) }))}
              onChange={(v) => setReportYear(Number(v))}
            />
          }
          fields={[{ name: 'summary', label: t('agreement.reportSummary'), hint: t('agreement.reportHint'), required: true, maxLength: 8000, rows: 8 }]}
          submitLabel={t('agreement.reportSubmit')}
          submit={({ summary }) =>
            call(api.POST('/anchoring-agreements/{id}/reports', { ...path, body: { year, summary } })).then(done(t('agreement.reportDone')))
          }
        />
      )}
      {!view.pendingAmendment && <AmendmentForm view={view} done={done(t('agreement.amendDone'))} />}
      {terminationOpen && (
        <TextsForm
          id="termination"
          collapsed
          variant="danger"
          title={t('agreement.terminateTitle')}
          before={
            funding ? (
              <ChoiceField
                name="termination-mode"
                label={t('agreement.terminateMode')}
                value={mode}
                options={[
                  { value: 'notice', label: t('agreement.terminateNotice') },
                  { value: 'mutual', label: t('agreement.terminateMutual') },
                ]}
                onChange={(v) => setMode(v as 'notice' | 'mutual')}
              />
            ) : (
              <p className="hint">{t('agreement.terminateAssociation')}</p>
            )
          }
          fields={[{ name: 'reason', label: t('agreement.terminateReason'), required: true, maxLength: 2000 }]}
          submitLabel={t('agreement.terminateSubmit')}
          submit={({ reason }) =>
            call(api.POST('/anchoring-agreements/{id}/termination', { ...path, body: { mode: funding ? mode : 'mutual', reason } })).then(
              done(t('agreement.recorded')),
            )
          }
        />
      )}
    </>
  );
}

/** A new yearly amount from a year not started yet; the other side accepts it. */
function AmendmentForm({ view, done }: { view: Agreement; done: () => Promise<unknown> }) {
  const { t, euros } = useI18n();
  const future = view.schedule.filter((y) => Date.parse(y.startsAt) > Date.now());
  const [form, setForm] = useState({ amount: '', fromYear: '' });
  const [error, setError] = useState<string>();
  const path = { params: { path: { id: view.id } } };
  const send = useMutation({
    mutationFn: (body: Schemas['AmendmentDto']) => call(api.POST('/anchoring-agreements/{id}/amendments', { ...path, body })),
    onSuccess: async () => {
      setForm({ amount: '', fromYear: '' });
      await done();
    },
  });
  if (!future.length) return null;
  const fromYear = Number(form.fromYear || future[0].year);
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const cents = centsOf(form.amount);
    setError(cents === null ? t('error.amount') : undefined);
    if (cents !== null) send.mutate({ yearlyAmountCents: cents, fromYear });
  }
  return (
    <details className="panel disclosure" id="amendment">
      <summary>{t('agreement.amendTitle')}</summary>
      {send.error && <ErrorAlert error={send.error} />}
      <ErrorSummary errors={error ? [{ field: 'amend-amount', label: t('agreement.amendAmount'), message: error }] : []} />
      <form onSubmit={onSubmit} noValidate>
        <p className="hint">{t('agreement.amendHint', { amount: euros(view.yearlyAmountCents) })}</p>
        <ChoiceField
          name="amend-from"
          label={t('agreement.amendFrom')}
          value={fromYear}
          options={future.map((y) => ({ value: y.year, label: t('agreement.amendYear', { year: y.year }) }))}
          onChange={(v) => setForm({ ...form, fromYear: v })}
        />
        <Field name="amend-amount" label={t('agreement.amendAmount')} error={error}>
          {(props) => (
            <Input {...props} inputMode="decimal" autoComplete="off" value={form.amount} onChange={(e) => setForm({ ...form, amount: e.target.value })} />
          )}
        </Field>
        <Button type="submit" disabled={send.isPending}>
          {t('agreement.amendSubmit')}
        </Button>
      </form>
    </details>
  );
}

/** The agreement and its timeline read again after a step. */
function refresh(queries: QueryClient, id: string) {
  return Promise.all([queries.invalidateQueries({ queryKey: ['agreement', id] }), queries.invalidateQueries({ queryKey: ['events', id] })]);
}
