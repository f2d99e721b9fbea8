import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import type { Me } from '../api/session';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { StatusBadge } from '../components/data';
import { useI18n } from '../i18n';

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
  const query = binome ? toDecide : reports;
  const items = binome ? (toDecide.data?.items ?? []) : (reports.data ?? []);
  return (
    <Page title={t('todo.title')}>
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
      {!binome && !association && (
        <Alert kind="info">
          <Link to="/dossiers">{t('nav.allFiles')}</Link>
        </Alert>
      )}
    </Page>
  );
}
