import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import type { Me } from '../api/session';
import { useI18n } from '../i18n';
import { agreementSteps } from './agreement-steps';

/**
 * What the anchoring agreements ask of this account, for « À traiter »: the association its
 * acceptance, its yearly reports and the amendments or terminations it must answer; a funder its own
 * line of a proposed plan and the amendments touching it; the binôme the association's amendments,
 * and the two steps it starts (proposing an agreement, recording a coordination meeting).
 */
export function AgreementsToDo({ me }: { me: Me }) {
  const { t, date } = useI18n();
  const party = me.role === 'association' || me.role === 'funder' || me.role === 'project_lead' || me.role === 'prefect_delegate';
  const list = useQuery({
    queryKey: ['grants', 'agreements-to-do'],
    enabled: party,
    queryFn: async () => {
      // A proposal awaits the association and each funder; a running agreement may await its
      // association's report, or either side's answer to an amendment (the binôme's most recent ones).
      const statuses =
        me.role === 'funder'
          ? (['proposed'] as const)
          : me.role === 'association'
            ? (['proposed', 'active', 'report_overdue'] as const)
            : (['active', 'report_overdue'] as const);
      const pageSize = me.role === 'association' || me.role === 'funder' ? 50 : 20;
      const pages = await Promise.all(
        statuses.map((status) => call(api.GET('/grants', { params: { query: { kind: 'anchoring_agreement', status, pageSize } } }))),
      );
      return pages.flatMap((page) => page.items);
    },
  });
  const views = useQueries({
    queries: (list.data ?? []).map((g) => ({
      queryKey: ['agreement', g.id],
      queryFn: () => call(api.GET('/anchoring-agreements/{id}', { params: { path: { id: g.id } } })),
    })),
  });
  const binome = me.role === 'project_lead' || me.role === 'prefect_delegate';
  const todo = views.flatMap((v) => {
    if (!v.data) return [];
    const steps = agreementSteps(v.data, me);
    const title = list.data?.find((g) => g.id === v.data.id)?.title ?? v.data.id;
    const due = v.data.schedule.find((y) => y.report.status === 'due' || y.report.status === 'overdue');
    const what = [
      steps.accept && t('todo.agreementAccept'),
      steps.acceptLine && t('todo.agreementLine'),
      steps.acceptAmendment && t('todo.agreementAmendment'),
      steps.agreeTermination && t('todo.agreementTermination'),
      steps.report && due && t('todo.agreementReport', { year: due.year, date: date(due.report.dueAt) }),
    ].filter((x): x is string => Boolean(x));
    return what.length ? [{ id: v.data.id, title, what }] : [];
  });
  if (!party || (!todo.length && !binome)) return null;
  return (
    <section aria-labelledby="agreements-to-do">
      <h2 id="agreements-to-do">{t('todo.agreements')}</h2>
      {binome && (
        <p className="actions">
          {me.role === 'project_lead' && <Link to="/conventions/nouvelle">{t('home.proposeAgreement')}</Link>}
          <Link to="/coordination">{t('home.coordination')}</Link>
        </p>
      )}
      {todo.length > 0 && (
        <ul className="cards">
          {todo.map((a) => (
            <li key={a.id} className="card">
              <h3>
                <Link to={`/conventions/${a.id}`}>{a.title}</Link>
              </h3>
              {a.what.map((w) => (
                <p key={w}>{w}</p>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
