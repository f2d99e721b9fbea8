import { useQuery } from '@tanstack/react-query';
import { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import type { operations } from '../api/schema';
import type { Me } from '../api/session';
import { GrantKind, Pagination, STATUSES_OF, StatusBadge, statusKey, Table } from '../components/data';
import { Button, Field, Select } from '../components/form';
import { ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';

const PAGE_SIZE = 20;
const KINDS = ['micro_grant', 'consortium_application', 'anchoring_agreement', 'incubation'] as const;
type Kind = (typeof KINDS)[number];
type Status = NonNullable<NonNullable<operations['GrantsController_list']['parameters']['query']>['status']>;

/**
 * The files the person may see (an association its own, the binôme its territory's, a funder what it
 * funds, auditors everything), filtered by path, status and territory; the filtered rows exported.
 */
export function FilesPage({ me }: { me: Me }) {
  const { t, euros, date } = useI18n();
  const [search, setSearch] = useSearchParams();
  const page = Math.max(1, Number(search.get('page')) || 1);
  const filters = {
    kind: (KINDS as readonly string[]).includes(search.get('kind') ?? '') ? (search.get('kind') as Kind) : undefined,
    status: search.get('status') || undefined,
    territory: search.get('territory') || undefined,
  };
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  const files = useQuery({
    queryKey: ['grants', 'list', page, filters],
    queryFn: () => call(api.GET('/grants', { params: { query: { page, pageSize: PAGE_SIZE, ...filters, status: filters.status as Status | undefined } } })),
  });
  const canExport = me.role === 'funder' || me.role === 'auditor' || me.role === 'admin';
  const exportQuery = new URLSearchParams({ format: 'csv', ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) });

  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setSearch(Object.fromEntries([...data.entries()].filter(([, value]) => value !== '')) as Record<string, string>);
  }

  const title = me.role === 'association' ? t('files.title') : me.role === 'funder' ? t('files.titlePortfolio') : t('files.titleAll');
  return (
    <Page title={title}>
      <form className="filters" onSubmit={onFilter} aria-label={t('files.filters')}>
        <Field name="kind" label={t('files.filter.kind')}>
          {(props) => (
            <Select {...props} name="kind" defaultValue={filters.kind ?? ''}>
              <option value="">{t('files.filter.all')}</option>
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`kind.${kind}` as MessageKey)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field name="status" label={t('files.filter.status')}>
          {(props) => (
            <Select {...props} name="status" defaultValue={filters.status ?? ''}>
              <option value="">{t('files.filter.all')}</option>
              {(Object.keys(STATUSES_OF) as GrantKind[]).map((kind) => (
                <optgroup key={kind} label={t(`kind.${kind}` as MessageKey)}>
                  {STATUSES_OF[kind].map((status) => (
                    <option key={`${kind}-${status}`} value={status}>
                      {t(statusKey(status, kind))}
                    </option>
                  ))}
                </optgroup>
              ))}
            </Select>
          )}
        </Field>
        {me.role !== 'association' && (
          <Field name="territory" label={t('files.filter.territory')}>
            {(props) => (
              <Select {...props} name="territory" defaultValue={filters.territory ?? ''}>
                <option value="">{t('files.filter.all')}</option>
                {territories.data?.map((territory) => (
                  <option key={territory.id} value={territory.id}>
                    {territory.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        )}
        <Button type="submit" variant="secondary">
          {t('files.filter.apply')}
        </Button>
      </form>
      {canExport && (
        <p>
          <a href={`/grants/export?${exportQuery.toString()}`} download="dossiers.csv">
            {t('files.export')}
          </a>
        </p>
      )}
      {files.isPending && <Loading />}
      {files.error && <ErrorAlert error={files.error} />}
      {files.data &&
        (files.data.items.length === 0 ? (
          <p>{t('files.empty')}</p>
        ) : (
          <>
            <Table
              caption={t('files.caption', { count: files.data.totalIsExact ? files.data.total : `${files.data.total}+` })}
              head={[t('files.col.title'), t('files.col.kind'), t('files.col.status'), t('files.col.amount'), t('files.col.updated')]}
            >
              {files.data.items.map((grant) => (
                <tr key={grant.id}>
                  <td data-label={t('files.col.title')}>
                    {me.role === 'auditor' || me.role === 'admin' ? (
                      <Link to={`/audit/${grant.id}`}>{grant.title}</Link>
                    ) : grant.kind === 'micro_grant' ? (
                      <Link to={`/micro-subventions/${grant.id}`}>{grant.title}</Link>
                    ) : grant.kind === 'anchoring_agreement' ? (
                      <Link to={`/conventions/${grant.id}`}>{grant.title}</Link>
                    ) : grant.kind === 'consortium_application' ? (
                      <Link to={`/candidatures/${grant.id}`}>{grant.title}</Link>
                    ) : grant.kind === 'incubation' ? (
                      <Link to={`/incubations/${grant.id}`}>{grant.title}</Link>
                    ) : (
                      grant.title
                    )}
                  </td>
                  <td data-label={t('files.col.kind')}>{t(`kind.${grant.kind}` as MessageKey)}</td>
                  <td data-label={t('files.col.status')}>
                    <StatusBadge status={grant.status} kind={grant.kind} />
                  </td>
                  <td data-label={t('files.col.amount')} className="number">
                    {euros(grant.amountCents)}
                  </td>
                  <td data-label={t('files.col.updated')}>{date(grant.updatedAt)}</td>
                </tr>
              ))}
            </Table>
            <Pagination
              page={page}
              pages={Math.ceil(files.data.total / PAGE_SIZE)}
              onPage={(p) => setSearch({ ...Object.fromEntries(search), page: String(p) })}
            />
          </>
        ))}
    </Page>
  );
}
