import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, call } from '../api/client';
import type { Me } from '../api/session';
import { Table } from '../components/data';
import { ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';

/** The calls for projects this account may see: an association those it is invited to, the binôme its territory's, a funder those it funds. */
export function CallsPage({ me }: { me: Me }) {
  const { t, euros, date } = useI18n();
  const calls = useQuery({ queryKey: ['calls'], queryFn: () => call(api.GET('/calls')) });
  return (
    <Page title={t('calls.title')}>
      <p>{me.role === 'association' ? t('calls.leadAssociation') : t('calls.lead')}</p>
      {(me.role === 'project_lead' || me.role === 'funder' || me.role === 'admin') && (
        <p>
          <Link className="button button-primary" to="/appels/nouveau">
            {t('launch.pageTitle')}
          </Link>
        </p>
      )}
      {calls.isPending && <Loading />}
      {calls.error && <ErrorAlert error={calls.error} />}
      {calls.data && calls.data.length === 0 && <p>{t('calls.none')}</p>}
      {calls.data && calls.data.length > 0 && (
        <Table
          caption={t('calls.caption', { count: calls.data.length })}
          head={[t('files.col.title'), t('call.phase'), t('call.budget'), t('call.eoiDeadline'), t('call.applications')]}
        >
          {calls.data.map((c) => (
            <tr key={c.id}>
              <td data-label={t('files.col.title')}>
                <Link to={`/appels/${c.id}`}>{c.title}</Link>
              </td>
              <td data-label={t('call.phase')}>{t(`call.phase.${c.phase}` as MessageKey)}</td>
              <td data-label={t('call.budget')} className="number">
                {euros(c.budgetCents)}
              </td>
              <td data-label={t('call.eoiDeadline')}>{date(c.eoiDeadline)}</td>
              <td data-label={t('call.applications')} className="number">
                {c.applications}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Page>
  );
}
