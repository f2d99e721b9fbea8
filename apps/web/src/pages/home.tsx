import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import type { Me } from '../api/session';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { Facts, StatusBadge } from '../components/data';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { AgreementsToDo } from './home-agreements';
import { CallsToDo } from './home-calls';

// The binôme's charts load with Chart.js, only for a binôme.
const YearCharts = lazy(() => import('./year-charts'));

/** "À traiter": what awaits the signed-in person, with its deadlines. */
export function HomePage({ me }: { me: Me }) {
  const { t, euros, date } = useI18n();
  const binome = me.role === 'project_lead' || me.role === 'prefect_delegate';
  const association = me.role === 'association';
  const toDecide = useQuery({
    queryKey: ['grants', 'awaiting_decisions'],
    enabled: binome,
    queryFn: () => call(api.GET('/grants', { params: { query: { kind: 'micro_grant', status: 'awaiting_decisions', pageSize: 50 } } })),
  });
  const reports = useQuery({
    queryKey: ['grants', 'reports-due'],
    enabled: association,
    queryFn: async () => {
      const [paid, overdue] = await Promise.all(
        (['paid', 'report_overdue'] as const).map((status) => call(api.GET('/grants', { params: { query: { kind: 'micro_grant', status, pageSize: 50 } } }))),
      );
      return [...overdue.items, ...paid.items];
    },
  });
  const year = new Date().getFullYear();
  const binomeId = me.territory ? `binome-${me.territory.id}` : '';
  const envelope = useQuery({
    queryKey: ['envelope', binomeId, year],
    enabled: binome && Boolean(binomeId),
    queryFn: () => call(api.GET('/binomes/{id}/envelopes/{year}', { params: { path: { id: binomeId, year } } })),
  });
  // Contributions awaiting this side's signature: the project lead's territory, a signatory's own.
  const signs = me.role === 'project_lead' || me.role === 'funder';
  const toSign = useQuery({
    queryKey: ['contributions', 'to-sign', me.territory?.id, me.organisation?.id],
    enabled: signs,
    queryFn: async () => {
      const query = me.role === 'project_lead' ? { territory: me.territory?.id } : { signatory: me.organisation?.id };
      const page = await call(api.GET('/contributions', { params: { query: { ...query, status: 'negotiating', pageSize: 100 } } }));
      return page.items.filter((c) => c.awaiting === (me.role === 'project_lead' ? 'team' : 'signatory'));
    },
  });
  // Needs awaiting this account: the binôme routes its territory's, a signatory answers those routed to it.
  const needs = useQuery({
    queryKey: ['needs', 'to-do'],
    enabled: binome || me.role === 'funder',
    queryFn: async () => {
      const page = await call(api.GET('/needs', { params: { query: { pageSize: 100 } } }));
      return binome
        ? page.items.filter((n) => n.status === 'submitted' || n.status === 'declined' || n.status === 'escalated')
        : page.items.filter((n) => n.status === 'routed' && n.signatoryId === me.organisation?.id);
    },
  });
  const query = binome ? toDecide : reports;
  const items = binome ? (toDecide.data?.items ?? []) : (reports.data ?? []);
  return (
    <Page title={t('todo.title')}>
      {envelope.data && (
        <section aria-labelledby="envelope" className="panel">
          <h2 id="envelope">{t('envelope.title', { year })}</h2>
          <div className="gauge">
            <label htmlFor="envelope-gauge">{t('envelope.gauge')}</label>
            <meter
              id="envelope-gauge"
              min={0}
              max={envelope.data.totalCents}
              value={envelope.data.committedCents + envelope.data.reservedCents}
              high={envelope.data.totalCents * 0.9}
              optimum={0}
            >
              {euros(envelope.data.committedCents + envelope.data.reservedCents)}
            </meter>
          </div>
          <Facts
            items={[
              [t('envelope.total'), euros(envelope.data.totalCents)],
              [t('envelope.committed'), euros(envelope.data.committedCents)],
              [t('envelope.reserved'), euros(envelope.data.reservedCents)],
              [t('envelope.available'), euros(envelope.data.availableCents)],
              [t('envelope.ceiling'), euros(envelope.data.ceilingCents)],
            ]}
          />
        </section>
      )}
      {query.isPending && (binome || association) && <Loading />}
      {query.error && <ErrorAlert error={query.error} />}
      {(binome || association) && !query.isPending && (
        <section aria-labelledby="todo-list">
          <h2 id="todo-list">{binome ? t('todo.decide') : t('todo.report')}</h2>
          {items.length === 0 ? (
            <p>{t('todo.empty')}</p>
          ) : (
            <ul className="cards">
              {items.map((grant) => (
                <li key={grant.id} className="card">
                  <h3>
                    <Link to={`/micro-subventions/${grant.id}`}>{grant.title}</Link>
                  </h3>
                  <p>
                    <StatusBadge status={grant.status} /> {euros(grant.amountCents)}
                  </p>
                  {grant.reportDueAt && <p>{t('todo.deadline', { date: date(grant.reportDueAt) })}</p>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <CallsToDo me={me} />
      <AgreementsToDo me={me} />
      {toSign.data && toSign.data.length > 0 && (
        <section aria-labelledby="to-sign">
          <h2 id="to-sign">{t('todo.contributions')}</h2>
          <ul className="cards">
            {toSign.data.map((c) => (
              <li key={c.id} className="card">
                <h3>
                  <Link to={`/contributions/${c.id}`}>
                    {t('todo.contribution', { orientation: t(`orientation.${c.orientation}` as MessageKey), year: c.year })}
                  </Link>
                </h3>
                <p>{c.description}</p>
                {c.signBy && <p>{t('todo.signBy', { date: date(c.signBy) })}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {needs.data && needs.data.length > 0 && (
        <section aria-labelledby="needs-to-do">
          <h2 id="needs-to-do">{binome ? t('todo.needsToRoute') : t('todo.needsToAnswer')}</h2>
          <ul className="cards">
            {needs.data.map((n) => (
              <li key={n.id} className="card">
                <h3>
                  <Link to={`/besoins/${n.id}`}>{n.description}</Link>
                </h3>
                <p>{t(`need.status.${n.status}` as MessageKey)}</p>
                {n.answerBy && <p>{t('todo.answerBy', { date: date(n.answerBy) })}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {binome && me.territory && (
        <Suspense fallback={<Loading />}>
          <YearCharts territory={me.territory.id} year={year} />
        </Suspense>
      )}
      {!binome && !association && (
        <Alert kind="info">
          <Link to="/dossiers">{t('nav.allFiles')}</Link>
        </Alert>
      )}
    </Page>
  );
}
