import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import { Pagination, Table } from '../components/data';
import { Button, ErrorSummary, Field, Input, Select } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';

const ROLES = ['association', 'funder', 'project_lead', 'prefect_delegate', 'auditor', 'admin'] as const;
type Role = (typeof ROLES)[number];
const PAGE_SIZE = 20;

/** Accounts: invitations by e-mail with a role and its scope, the list, disabling and enabling. */
export function AccountsPage() {
  const { t, date } = useI18n();
  const queries = useQueryClient();
  const [search, setSearch] = useSearchParams();
  const page = Math.max(1, Number(search.get('page')) || 1);
  const accounts = useQuery({ queryKey: ['accounts', page], queryFn: () => call(api.GET('/accounts', { params: { query: { page, pageSize: PAGE_SIZE } } })) });
  const toggle = useMutation({
    mutationFn: (account: Schemas['AccountDto']) =>
      account.status === 'disabled'
        ? call(api.POST('/accounts/{id}/enable', { params: { path: { id: account.id } } }))
        : call(api.POST('/accounts/{id}/disable', { params: { path: { id: account.id } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['accounts'] }),
  });
  return (
    <Page title={t('admin.title')}>
      <InvitationForm />
      <h2>{t('admin.accounts')}</h2>
      {toggle.error && <ErrorAlert error={toggle.error} />}
      {accounts.isPending && <Loading />}
      {accounts.error && <ErrorAlert error={accounts.error} />}
      {accounts.data && (
        <>
          <Table
            caption={t('admin.caption', { count: accounts.data.total })}
            head={[t('admin.col.name'), t('admin.col.role'), t('admin.col.scope'), t('admin.col.status'), t('admin.col.lastSignIn'), t('admin.col.actions')]}
          >
            {accounts.data.items.map((account) => (
              <tr key={account.id}>
                <td data-label={t('admin.col.name')}>
                  {account.displayName}
                  <br />
                  <small>{account.email}</small>
                </td>
                <td data-label={t('admin.col.role')}>{t(`role.${account.role}` as MessageKey)}</td>
                <td data-label={t('admin.col.scope')}>{account.organisationId ?? account.territoryId ?? '—'}</td>
                <td data-label={t('admin.col.status')}>{t(`admin.status.${account.status}` as MessageKey)}</td>
                <td data-label={t('admin.col.lastSignIn')}>{account.lastSignInAt ? date(account.lastSignInAt) : '—'}</td>
                <td data-label={t('admin.col.actions')}>
                  <Button
                    variant={account.status === 'disabled' ? 'secondary' : 'danger'}
                    onClick={() => toggle.mutate(account)}
                    aria-label={`${account.status === 'disabled' ? t('admin.enable') : t('admin.disable')} ${account.displayName}`}
                  >
                    {account.status === 'disabled' ? t('admin.enable') : t('admin.disable')}
                  </Button>
                </td>
              </tr>
            ))}
          </Table>
          <Pagination page={page} pages={Math.ceil(accounts.data.total / PAGE_SIZE)} onPage={(p) => setSearch({ page: String(p) })} />
        </>
      )}
    </Page>
  );
}

type Errors = Partial<Record<'email' | 'role' | 'organisationId' | 'territoryId', string>>;

function InvitationForm() {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [form, setForm] = useState({ email: '', role: 'association' as Role, scope: '', displayName: '' });
  const [errors, setErrors] = useState<Errors>({});
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  const associations = useQuery({ queryKey: ['associations'], queryFn: () => call(api.GET('/associations')) });
  const invite = useMutation({
    mutationFn: (body: Schemas['InvitationDto']) => call(api.POST('/accounts/invitations', { body })),
    onSuccess: async () => {
      setForm({ email: '', role: form.role, scope: '', displayName: '' });
      await queries.invalidateQueries({ queryKey: ['accounts'] });
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 400 || error.status === 409)) {
        const field = (error.fields[0] as keyof Errors | undefined) ?? 'email';
        setErrors({ [field === 'organisationId' || field === 'territoryId' ? 'organisationId' : field]: error.message });
      }
    },
  });
  const needsOrganisation = form.role === 'association' || form.role === 'funder';
  const needsTerritory = form.role === 'project_lead' || form.role === 'prefect_delegate';
  const scopes = needsTerritory
    ? (territories.data ?? []).map((x) => ({ id: x.id, name: x.name }))
    : form.role === 'association'
      ? (associations.data ?? []).map((x) => ({ id: x.id, name: x.name }))
      : [];
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    if (!/^\S+@\S+\.\S+$/.test(form.email.trim())) found.email = t('admin.emailInvalid');
    if ((needsOrganisation || needsTerritory) && !form.scope.trim()) found.organisationId = t('error.required');
    setErrors(found);
    if (Object.keys(found).length) return;
    invite.mutate({
      email: form.email.trim(),
      role: form.role,
      ...(needsOrganisation ? { organisationId: form.scope.trim() } : {}),
      ...(needsTerritory ? { territoryId: form.scope.trim() } : {}),
      ...(form.displayName.trim() ? { displayName: form.displayName.trim() } : {}),
    });
  }
  const labels: Record<keyof Errors, string> = {
    email: t('admin.email'),
    role: t('admin.role'),
    organisationId: t('admin.scope'),
    territoryId: t('admin.scope'),
  };
  return (
    <section aria-labelledby="invite" className="panel">
      <h2 id="invite">{t('admin.invite')}</h2>
      <p>{t('admin.inviteLead')}</p>
      <ErrorSummary errors={(Object.entries(errors) as [keyof Errors, string][]).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {invite.isSuccess && <Alert kind="success">{t('admin.invited', { email: invite.data.email ?? '' })}</Alert>}
      {invite.error && !(invite.error instanceof ApiError && [400, 409].includes(invite.error.status)) && <ErrorAlert error={invite.error} />}
      <form onSubmit={onSubmit} noValidate className="form">
        <Field name="email" label={t('admin.email')} error={errors.email}>
          {(props) => <Input {...props} type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} autoComplete="off" />}
        </Field>
        <Field name="displayName" label={t('admin.displayName')}>
          {(props) => <Input {...props} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} autoComplete="off" />}
        </Field>
        <Field name="role" label={t('admin.role')} error={errors.role}>
          {(props) => (
            <Select {...props} value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role, scope: '' })}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`role.${role}` as MessageKey)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {(needsOrganisation || needsTerritory) && (
          <Field
            name="organisationId"
            label={needsTerritory ? t('admin.territory') : t('admin.organisation')}
            hint={form.role === 'funder' ? t('admin.funderHint') : undefined}
            error={errors.organisationId}
          >
            {(props) =>
              scopes.length ? (
                <Select {...props} value={form.scope} onChange={(e) => setForm({ ...form, scope: e.target.value })}>
                  <option value="">{t('admin.choose')}</option>
                  {scopes.map((scope) => (
                    <option key={scope.id} value={scope.id}>
                      {scope.name}
                    </option>
                  ))}
                </Select>
              ) : (
                <Input {...props} value={form.scope} onChange={(e) => setForm({ ...form, scope: e.target.value })} autoComplete="off" />
              )
            }
          </Field>
        )}
        <Button type="submit" disabled={invite.isPending}>
          {t('admin.inviteButton')}
        </Button>
      </form>
    </section>
  );
}
