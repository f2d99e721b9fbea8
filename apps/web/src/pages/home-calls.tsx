import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import type { Me } from '../api/session';
import { StatusBadge } from '../components/data';
import { useI18n } from '../i18n';

/** The application statuses where its members have something to do: the proposal, or the final report. */
const TO_ACT = ['shortlisted', 'proposal_open', 'awarded', 'report_overdue'] as const;

/**
 * What the calls for projects ask of this account, for « À traiter »: an association, the open
 * calls it is invited to (interest to express by the deadline) and its applications awaiting a
 * proposal or a final report; a call's project lead or funder, the pre-selections and the awards to
 * decide.
 */
export function CallsToDo({ me }: { me: Me }) {
  const { t, dateTime } = useI18n();
  const association = me.role === 'association';
  const manager = me.role === 'project_lead' || me.role === 'funder';
  const calls = useQuery({ queryKey: ['calls'], enabled: association || manager, queryFn: () => call(api.GET('/calls')) });
  const applications = useQuery({
    queryKey: ['grants', 'applications-to-act'],
    enabled: association,
    queryFn: async () => {
      const pages = await Promise.all(
        TO_ACT.map((status) => call(api.GET('/grants', { params: { query: { kind: 'consortium_application', status, pageSize: 50 } } }))),
      );
      return pages.flatMap((page) => page.items);
    },
  });
  const now = Date.now();
  const open = association ? (calls.data ?? []).filter((c) => c.phase === 'open' && Date.parse(c.eoiDeadline) > now) : [];
  const toDecide = manager ? (calls.data ?? []).filter((c) => c.phase === 'preselection' || c.phase === 'deciding') : [];
  const mine = applications.data ?? [];
  if (!open.length && !toDecide.length && !mine.length) return null;
  return (
    <section aria-labelledby="calls-to-do">
      <h2 id="calls-to-do">{t('todo.calls')}</h2>
      <ul className="cards">
        {open.map((c) => (
          <li key={c.id} className="card">
            <h3>
              <Link to={`/appels/${c.id}`}>{c.title}</Link>
            </h3>
            <p>{t('todo.callOpen', { date: dateTime(c.eoiDeadline) })}</p>
          </li>
        ))}
        {mine.map((a) => (
          <li key={a.id} className="card">
            <h3>
              <Link to={`/candidatures/${a.id}`}>{a.title}</Link>
            </h3>
            <p>
              <StatusBadge status={a.status} /> {a.status === 'awarded' || a.status === 'report_overdue' ? t('todo.finalReport') : t('todo.proposal')}
            </p>
          </li>
        ))}
        {toDecide.map((c) => (
          <li key={c.id} className="card">
            <h3>
              <Link to={`/appels/${c.id}`}>{c.title}</Link>
            </h3>
            <p>{c.phase === 'preselection' ? t('todo.shortlist', { count: c.applications }) : t('todo.awards')}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
