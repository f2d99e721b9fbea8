import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { api, call, Schemas } from '../api/client';
import { Table } from '../components/data';
import { ErrorAlert, Loading } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';

// Chart.js is loaded with the charts only: the first page of a visit stays light.
const BarChart = lazy(() => import('../components/charts'));

type Amount = Schemas['ReportAmountDto'];

export const MONTHS = Array.from({ length: 12 }, (_, m) => m);

/** The label of an amount's key: a path, a funder, a QPV or a theme. */
export function useAmountLabel() {
  const { t } = useI18n();
  return (a: Amount) => {
    if (a.key === 'unattributed') return t('annual.unattributed');
    if (a.key === 'unspecified') return t('annual.noQpv');
    if (['micro_grant', 'preselection_stipend', 'consortium_tranche', 'operating_tranche', 'coordination'].includes(a.key))
      return t(`annual.path.${a.key}` as MessageKey);
    return a.label;
  };
}

/** The year's payments month by month, each month named in the reader's language. */
export function useMonthRows() {
  const { language } = useI18n();
  const monthName = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', { month: 'long', timeZone: 'UTC' });
  return (byMonth: number[]) => MONTHS.map((m) => ({ label: monthName.format(new Date(Date.UTC(2000, m, 1))), cents: byMonth[m] ?? 0 }));
}

/** One breakdown of the year's payments: its chart, and the same figures as a table. */
export function Breakdown({
  id,
  title,
  rows,
  note,
  tableOnlyNonZero = false,
}: {
  id: string;
  title: string;
  rows: { label: string; cents: number }[];
  note?: string;
  tableOnlyNonZero?: boolean;
}) {
  const { t, euros } = useI18n();
  const listed = tableOnlyNonZero ? rows.filter((r) => r.cents > 0) : rows;
  return (
    <section aria-labelledby={id} className="panel">
      <h3 id={id}>{title}</h3>
      {note && <p className="hint">{note}</p>}
      {listed.length === 0 ? (
        <p>{t('annual.noPayment')}</p>
      ) : (
        <>
          <Suspense fallback={<Loading />}>
            <BarChart label={title} labels={rows.map((r) => r.label)} values={rows.map((r) => r.cents)} format={euros} horizontal={id !== 'by-month'} />
          </Suspense>
          <Table caption={t('annual.figures', { title })} head={[t('annual.item'), t('annual.amount')]}>
            {listed.map((r) => (
              <tr key={r.label}>
                <td data-label={t('annual.item')}>{r.label}</td>
                <td data-label={t('annual.amount')} className="amount">
                  {euros(r.cents)}
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </section>
  );
}

/**
 * The binôme's dashboard of the year, for « À traiter »: what the territory paid so far, by month,
 * QPV, theme and funder (the same figures as the annual report, which it links to). Loaded with
 * Chart.js only when a binôme opens the page.
 */
export default function YearCharts({ territory, year }: { territory: string; year: number }) {
  const { t, euros } = useI18n();
  const label = useAmountLabel();
  const monthRows = useMonthRows();
  const report = useQuery({
    queryKey: ['annual-report', territory, String(year)],
    queryFn: () => call(api.GET('/territories/{territoryId}/annual-reports/{year}', { params: { path: { territoryId: territory, year } } })),
  });
  if (report.isPending) return <Loading />;
  if (report.error) return <ErrorAlert error={report.error} />;
  const p = report.data.payments;
  const rows = (amounts: Amount[]) => amounts.map((a) => ({ label: label(a), cents: a.cents }));
  return (
    <section aria-labelledby="dashboard">
      <h2 id="dashboard">{t('dashboard.title', { year })}</h2>
      <p>
        {t('dashboard.total', { amount: euros(p.totalCents), orders: p.orders })}{' '}
        <Link to={`/rapports/${territory}/${year}`}>{t('home.report', { year })}</Link>
      </p>
      <Breakdown id="by-month" title={t('annual.byMonth')} rows={monthRows(p.byMonth)} note={t('annual.byMonthNote')} tableOnlyNonZero />
      <div className="breakdowns">
        <Breakdown id="by-qpv" title={t('annual.byQpv')} rows={rows(p.byQpv)} />
        <Breakdown id="by-theme" title={t('annual.byTheme')} rows={rows(p.byTheme)} note={t('annual.byThemeNote')} />
        <Breakdown id="by-funder" title={t('annual.byFunder')} rows={rows(p.byFunder)} note={t('annual.byFunderNote')} />
      </div>
    </section>
  );
}
