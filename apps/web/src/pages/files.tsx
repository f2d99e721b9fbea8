import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import type { Me } from '../api/session';
import { Pagination, StatusBadge, Table } from '../components/data';
import { ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';

const PAGE_SIZE = 20;

/** The files the person may see: an association its own, the binôme its territory's, others what they follow. */
export function FilesPage({ me }: { me: Me }) {
  const { t, euros, date } = useI18n();
  const [search, setSearch] = useSearchParams();
  const page = Math.max(1, Number(search.get('page')) || 1);
  const files = useQuery({
    queryKey: ['grants', 'list', page],
    queryFn: () => call(api.GET('/grants', { params: { query: { page, pageSize: PAGE_SIZE } } })),
  });
  const title = me.role === 'association' ? t('files.title') : t('files.titleAll');
  return (
    <Page title={title}>
      {files.isPending && <Loading />}
      {files.error && <ErrorAlert error={files.error} />}
      {files.data &&
        (files.data.items.length === 0 ? (
          <p>{t('files.empty')}</p>
        ) : (
          <>
            <Table
              caption={t('files.caption', { count: files.data.total })}
              head={[t('files.col.title'), t('files.col.kind'), t('files.col.status'), t('files.col.amount'), t('files.col.updated')]}
            >
              {files.data.items.map((grant) => (
                <tr key={grant.id}>
                  <td data-label={t('files.col.title')}>
                    {me.role === 'auditor' || me.role === 'admin' ? (
                      <Link to={`/audit/${grant.id}`}>{grant.title}</Link>
                    ) : grant.kind === 'micro_grant' ? (
                      <Link to={`/micro-subventions/${grant.id}`}>{grant.title}</Link>
                    ) : (
                      grant.title
                    )}
                  </td>
                  <td data-label={t('files.col.kind')}>{t(`kind.${grant.kind}` as MessageKey)}</td>
                  <td data-label={t('files.col.status')}>
                    <StatusBadge status={grant.status} />
                  </td>
                  <td data-label={t('files.col.amount')} className="number">
                    {euros(grant.amountCents)}
                  </td>
                  <td data-label={t('files.col.updated')}>{date(grant.updatedAt)}</td>
                </tr>
              ))}
            </Table>
            <Pagination page={page} pages={Math.ceil(files.data.total / PAGE_SIZE)} onPage={(p) => setSearch({ page: String(p) })} />
          </>
        ))}
    </Page>
  );
}
