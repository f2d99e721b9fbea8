import { useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, Table } from '../components/data';
import { Button, Field, Input, Select } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { Breakdown, useAmountLabel, useMonthRows } from './year-charts';
import { NotFound } from './not-found';

type Report = Schemas['AnnualReportDto'];
type Amount = Schemas['ReportAmountDto'];

/** The territory's annual report: what the year paid (charts and tables), the envelope, calls, agreements, incubation, task forces, signatories. */
export function AnnualReportPage({ me }: { me: Me }) {
  const { territory = '', year = '' } = useParams();
  const { t, euros, date } = useI18n();
  const label = useAmountLabel();
  const monthRows = useMonthRows();
  const report = useQuery({
    queryKey: ['annual-report', territory, year],
    queryFn: () => call(api.GET('/territories/{territoryId}/annual-reports/{year}', { params: { path: { territoryId: territory, year: Number(year) } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  if (report.error instanceof ApiError && (report.error.status === 404 || report.error.status === 403 || report.error.status === 400)) {
    return <NotFound title={t('annual.notFound')} body={t('annual.notFoundBody')} />;
  }
  if (report.isPending) return <Loading />;
  if (report.error) return <ErrorAlert error={report.error} />;
  const r: Report = report.data;
  const p = r.payments;
  const months = monthRows(p.byMonth);
  const rows = (amounts: Amount[]) => amounts.map((a) => ({ label: label(a), cents: a.cents }));
  const y = r.year;
  return (
    <Page
      title={t('annual.title', { year: y, territory: r.territory.name })}
      lead={r.lastEventAt ? t('annual.lead', { date: date(r.lastEventAt) }) : t('annual.leadEmpty')}
    >
      <nav aria-label={t('annual.years')} className="actions">
        <Link to={`/rapports/${r.territory.id}/${y - 1}`}>{t('annual.previous', { year: y - 1 })}</Link>
        <Link to={`/rapports/${r.territory.id}/${y + 1}`}>{t('annual.next', { year: y + 1 })}</Link>
        <a href={`/territories/${encodeURIComponent(r.territory.id)}/annual-reports/${y}/pdf`} download>
          {t('annual.pdf')}
        </a>
      </nav>

      <section aria-labelledby="payments">
        <h2 id="payments">{t('annual.payments')}</h2>
        <Facts
          items={[
            [t('annual.total'), euros(p.totalCents)],
            [t('annual.orders'), String(p.orders)],
          ]}
        />
        <Breakdown id="by-month" title={t('annual.byMonth')} rows={months} note={t('annual.byMonthNote')} tableOnlyNonZero />
        <div className="breakdowns">
          <Breakdown id="by-path" title={t('annual.byPath')} rows={rows(p.byPath)} />
          <Breakdown id="by-funder" title={t('annual.byFunder')} rows={rows(p.byFunder)} note={t('annual.byFunderNote')} />
          <Breakdown id="by-qpv" title={t('annual.byQpv')} rows={rows(p.byQpv)} />
          <Breakdown id="by-theme" title={t('annual.byTheme')} rows={rows(p.byTheme)} note={t('annual.byThemeNote')} />
        </div>
      </section>

      <section aria-labelledby="report-envelope" className="panel">
        <h2 id="report-envelope">{t('annual.envelope')}</h2>
        <Facts
          items={[
            [t('envelope.total'), euros(r.envelope.totalCents)],
            [t('envelope.committed'), euros(r.envelope.committedCents)],
            [t('annual.paid'), euros(r.envelope.paidCents)],
            [t('envelope.available'), euros(r.envelope.availableCents)],
            [t('annual.requests'), t('annual.requestsValue', { ...r.envelope })],
          ]}
        />
      </section>

      <section aria-labelledby="report-calls">
        <h2 id="report-calls">{t('annual.calls')}</h2>
        {r.calls.length === 0 ? (
          <p>{t('annual.noCall')}</p>
        ) : (
          <Table
            caption={t('annual.calls')}
            head={[t('annual.call'), t('annual.launched'), t('annual.consortia'), t('annual.expressions'), t('annual.shortlisted'), t('annual.awarded')]}
          >
            {r.calls.map((c) => (
              <tr key={c.id}>
                <td data-label={t('annual.call')}>
                  <Link to={`/appels/${c.id}`}>{c.title}</Link>
                </td>
                <td data-label={t('annual.launched')}>{date(c.launchedAt)}</td>
                <td data-label={t('annual.consortia')}>{c.consortia}</td>
                <td data-label={t('annual.expressions')}>{c.applications}</td>
                <td data-label={t('annual.shortlisted')}>{c.shortlisted}</td>
                <td data-label={t('annual.awarded')}>{t('annual.awards', { count: c.awards, amount: euros(c.awardedCents) })}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>

      <section aria-labelledby="report-agreements">
        <h2 id="report-agreements">{t('annual.agreements')}</h2>
        {r.agreements.length === 0 ? (
          <p>{t('annual.noAgreement')}</p>
        ) : (
          <Table
            caption={t('annual.agreements')}
            head={[t('annual.agreement'), t('annual.association'), t('annual.status'), t('annual.tranches'), t('annual.coordination')]}
          >
            {r.agreements.map((a) => (
              <tr key={a.id}>
                <td data-label={t('annual.agreement')}>
                  <Link to={`/conventions/${a.id}`}>{a.title}</Link>
                </td>
                <td data-label={t('annual.association')}>{a.associationName}</td>
                <td data-label={t('annual.status')}>{t(`annual.status.${a.status}` as MessageKey)}</td>
                <td data-label={t('annual.tranches')}>
                  {[
                    ...a.ordered.map((o) => t('annual.trancheOrdered', { year: o.year, amount: euros(o.amountCents) })),
                    ...a.withheld.map((o) => t('annual.trancheWithheld', { year: o.year, amount: euros(o.amountCents) })),
                  ].join(' ; ') || t('annual.noTranche')}
                </td>
                <td data-label={t('annual.coordination')}>
                  {t('annual.coordinationValue', { amount: euros(a.coordinationPaidCents), tokens: a.tokensCredited })}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>

      <section aria-labelledby="report-incubation" className="panel">
        <h2 id="report-incubation">{t('annual.incubation')}</h2>
        <Facts
          items={[
            [
              t('annual.cohort'),
              r.incubation.cohortId
                ? t('annual.cohortValue', { capacity: r.incubation.capacity, nominations: r.incubation.nominations, selected: r.incubation.selected })
                : t('annual.noCohort'),
            ],
            [t('annual.graduated'), String(r.incubation.graduated)],
            [t('annual.withdrawn'), String(r.incubation.withdrawn)],
          ]}
        />
      </section>

      <section aria-labelledby="report-task-forces">
        <h2 id="report-task-forces">{t('annual.taskForces')}</h2>
        {r.taskForces.length === 0 ? (
          <p>{t('annual.noTaskForce')}</p>
        ) : (
          <Table caption={t('annual.taskForces')} head={[t('annual.taskForce'), 'QPV', t('annual.status'), t('annual.members'), t('annual.checkIns')]}>
            {r.taskForces.map((f) => (
              <tr key={f.id}>
                <td data-label={t('annual.taskForce')}>
                  <Link to={`/task-forces/${f.id}`}>{f.title}</Link>
                </td>
                <td data-label="QPV">{f.qpv}</td>
                <td data-label={t('annual.status')}>{t(`annual.status.${f.status}` as MessageKey) + (f.extended ? ` (${t('annual.extended')})` : '')}</td>
                <td data-label={t('annual.members')}>{f.members}</td>
                <td data-label={t('annual.checkIns')}>{f.checkInsHeld}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>

      <section aria-labelledby="report-codir" className="panel">
        <h2 id="report-codir">{t('annual.codir')}</h2>
        {r.codir ? (
          <Facts
            items={[
              [
                t('annual.codirMeeting'),
                r.codir.heldOn ? t('annual.codirHeld', { date: date(r.codir.heldOn) }) : t('annual.codirPlanned', { date: date(r.codir.meetingAt) }),
              ],
              [t('annual.codirStated'), t('annual.codirStatedValue', { stated: r.codir.stated, directions: r.codir.directions })],
              [
                t('annual.codirCommitments'),
                t('annual.codirCommitmentsValue', { commitments: r.codir.commitments, kept: r.codir.kept, overdue: r.codir.overdue }),
              ],
            ]}
          />
        ) : (
          <p>{t('annual.noCodir')}</p>
        )}
      </section>

      <section aria-labelledby="report-copil">
        <h2 id="report-copil">{t('annual.copil')}</h2>
        {!r.copil && <p>{t('annual.noCopil')}</p>}
        {r.copil && (
          <>
            <p>
              <Link to={`/copil/${r.copil.id}`}>{t('annual.copilLink', { meetings: r.copil.meetingsHeld })}</Link>
            </p>
            {r.copil.designations.length > 0 && (
              <Table caption={t('annual.designationsCaption')} head={[t('copil.college'), t('copil.holder'), t('copil.term'), t('copil.reason')]}>
                {r.copil.designations.map((d, i) => (
                  <tr key={i}>
                    <td data-label={t('copil.college')}>{t(`copil.college.${d.college}` as MessageKey)}</td>
                    <td data-label={t('copil.holder')}>{d.holder}</td>
                    <td data-label={t('copil.term')}>{t('copil.termValue', { from: date(d.on), to: date(d.endsAt) })}</td>
                    <td data-label={t('copil.reason')}>{d.reason}</td>
                  </tr>
                ))}
              </Table>
            )}
            {r.copil.decisions.length > 0 && (
              <Table caption={t('annual.decisionsCaption')} head={[t('copil.axis'), t('annual.decidedOn'), t('copil.outcome')]}>
                {r.copil.decisions.map((d, i) => (
                  <tr key={i}>
                    <td data-label={t('copil.axis')}>{d.title}</td>
                    <td data-label={t('annual.decidedOn')}>{date(d.on)}</td>
                    <td data-label={t('copil.outcome')}>{d.adopted ? t('copil.adopted') : t('copil.notAdopted')}</td>
                  </tr>
                ))}
              </Table>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="report-signatories">
        <h2 id="report-signatories">{t('annual.signatories')}</h2>
        {r.signatories.length === 0 ? (
          <p>{t('annual.noSignatory')}</p>
        ) : (
          <Table caption={t('annual.signatories')} head={[t('annual.signatory'), t('annual.committed'), t('annual.inKind'), t('annual.paid')]}>
            {r.signatories.map((s) => (
              <tr key={s.signatoryId}>
                <td data-label={t('annual.signatory')}>{s.name}</td>
                <td data-label={t('annual.committed')} className="amount">
                  {euros(s.committedCents)}
                </td>
                <td data-label={t('annual.inKind')}>{t('annual.inKindValue', { staff: s.staff, premises: s.premises })}</td>
                <td data-label={t('annual.paid')} className="amount">
                  {euros(s.paidCents)}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>
      {me.role === 'association' && <Alert kind="info">{t('annual.associationNote')}</Alert>}
    </Page>
  );
}

/** Choosing a territory and a year (the binôme lands on its own territory's current year). */
export function AnnualReportsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  const [form, setForm] = useState({ territory: me.territory?.id ?? '', year: String(new Date().getFullYear()) });
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const year = Number(form.year);
    if (!form.territory) return setError(t('annual.chooseTerritory'));
    if (!(Number.isInteger(year) && year >= 2000 && year <= 2100)) return setError(t('annual.chooseYear'));
    setError(null);
    void navigate(`/rapports/${form.territory}/${year}`);
  };
  return (
    <Page title={t('annual.choose')} lead={t('annual.chooseLead')}>
      {territories.error && <ErrorAlert error={territories.error} />}
      {error && <Alert kind="error">{error}</Alert>}
      <form onSubmit={submit} noValidate className="form">
        <Field name="territory" label={t('annual.territory')}>
          {(props) => (
            <Select {...props} value={form.territory} onChange={(e) => setForm({ ...form, territory: e.target.value })}>
              <option value="">{t('annual.chooseTerritory')}</option>
              {territories.data?.map((tr) => (
                <option key={tr.id} value={tr.id}>
                  {tr.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field name="year" label={t('annual.year')}>
          {(props) => <Input {...props} inputMode="numeric" value={form.year} onChange={(e) => setForm({ ...form, year: e.target.value })} />}
        </Field>
        <Button type="submit">{t('annual.open')}</Button>
      </form>
    </Page>
  );
}
