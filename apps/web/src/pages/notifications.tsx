import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { Pagination } from '../components/data';
import { Button } from '../components/form';
import { ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';

const PAGE_SIZE = 20;

/** The inbox: read and unread notifications, each linking to its file. */
export function NotificationsPage() {
  const { t, dateTime } = useI18n();
  const queries = useQueryClient();
  const [search, setSearch] = useSearchParams();
  const page = Math.max(1, Number(search.get('page')) || 1);
  const inbox = useQuery({
    queryKey: ['notifications', page],
    queryFn: () => call(api.GET('/me/notifications', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  const markRead = useMutation({
    mutationFn: (id: number) => call(api.POST('/me/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['notifications'] }),
  });
  return (
    <Page title={t('notifications.title')}>
      {inbox.isPending && <Loading />}
      {inbox.error && <ErrorAlert error={inbox.error} />}
      {inbox.data && inbox.data.items.length === 0 && <p>{t('notifications.empty')}</p>}
      {inbox.data && inbox.data.items.length > 0 && (
        <>
          <ul className="cards">
            {inbox.data.items.map((n) => (
              <li key={n.id} className={`card${n.read ? '' : ' card-unread'}`}>
                <h2 className="card-title">
                  {!n.read && <span className="badge badge-info">{t('notifications.unread')}</span>} {n.subject}
                </h2>
                <p>
                  <time dateTime={n.createdAt}>{dateTime(n.createdAt)}</time>
                </p>
                <p className="pre-line">{n.body}</p>
                <p className="actions">
                  {n.grantId?.startsWith('mg-') && <Link to={`/micro-subventions/${n.grantId}`}>{t('notifications.open')}</Link>}
                  {n.grantId?.startsWith('anc-') && <Link to={`/conventions/${n.grantId}`}>{t('notifications.open')}</Link>}
                  {n.grantId?.startsWith('call-') && <Link to={`/appels/${n.grantId}`}>{t('notifications.open')}</Link>}
                  {n.grantId?.startsWith('app-') && <Link to={`/candidatures/${n.grantId}`}>{t('notifications.open')}</Link>}
                  {n.grantId?.startsWith('inc-') && <Link to={`/incubations/${n.grantId}`}>{t('notifications.open')}</Link>}
                  {n.grantId?.startsWith('cohort-') && (
                    <Link to={`/cohortes/${n.grantId.slice('cohort-'.length, -5)}/${n.grantId.slice(-4)}`}>{t('notifications.open')}</Link>
                  )}
                  {!n.read && (
                    <Button variant="secondary" onClick={() => markRead.mutate(n.id)}>
                      {t('notifications.markRead')}
                    </Button>
                  )}
                </p>
              </li>
            ))}
          </ul>
          <Pagination page={page} pages={Math.ceil(inbox.data.total / PAGE_SIZE)} onPage={(p) => setSearch({ page: String(p) })} />
        </>
      )}
    </Page>
  );
}
