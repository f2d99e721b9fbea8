import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Facts, Table } from '../components/data';
import { Button, Field, Input, TextsForm } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { ContributionStatus, useWhat } from './contributions';
import { centsOf } from './micro-grant-request';
import { Timeline } from './micro-grant';
import { NotFound } from './not-found';

type Contribution = Schemas['SignatoryContributionDto'];
type Side = 'team' | 'signatory';

function sideOf(me: Me, c: Contribution): Side | null {
  if (me.role === 'admin' || (me.role === 'project_lead' && me.territory?.id === c.terms.territoryId)) return 'team';
  if (me.role === 'funder' && me.organisation?.id === c.terms.signatoryId) return 'signatory';
  return null;
}

/**
 * A contribution: its terms, the version on the table and each side's signature, what is awaited
 * and by when; for its two sides: sign, put a revised version on the table, or withdraw it.
 */
export function ContributionPage({ me }: { me: Me }) {
  const { id = '' } = useParams();
  const { t, date } = useI18n();
  const what = useWhat();
  const queries = useQueryClient();
  const funders = useQuery({ queryKey: ['funders'], queryFn: () => call(api.GET('/funders')) });
  const contribution = useQuery({
    queryKey: ['contribution', id],
    queryFn: () => call(api.GET('/contributions/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  const refresh = () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: ['contribution', id] }),
      queries.invalidateQueries({ queryKey: ['contributions'] }),
      queries.invalidateQueries({ queryKey: ['events', id] }),
    ]);
  const sign = useMutation({ mutationFn: () => call(api.POST('/contributions/{id}/sign', { params: { path: { id } } })), onSuccess: refresh });
  if (contribution.error instanceof ApiError && contribution.error.status === 404)
    return <NotFound title={t('contribution.notFound')} body={t('grant.notFoundBody')} />;
  if (contribution.isPending) return <Loading />;
  if (contribution.error) return <ErrorAlert error={contribution.error} />;
  const c = contribution.data;
  const name = (orgId: string) => funders.data?.find((f) => f.id === orgId)?.name ?? orgId;
  const side = sideOf(me, c);
  const negotiating = c.status === 'negotiating';
  const mayRevise = side && negotiating && (c.awaiting === side || c.signatures[side]?.version !== c.version);
  return (
    <Page title={t('contribution.title', { name: name(c.terms.signatoryId), year: c.terms.year })}>
      <Facts
        items={[
          [t('grant.status'), <ContributionStatus key="s" status={c.status} awaiting={c.awaiting} />],
          [t('contribution.orientation'), t(`orientation.${c.terms.orientation}` as MessageKey)],
          [t('contribution.what'), what(c.terms)],
          [t('contribution.territory'), territories.data?.find((tr) => tr.id === c.terms.territoryId)?.name ?? c.terms.territoryId],
          [t('contribution.version'), String(c.version)],
          [t('contribution.signBy'), c.signBy ? date(c.signBy) : '—'],
          [t('contribution.coCarriers'), c.terms.coCarriers.length ? c.terms.coCarriers.map(name).join(', ') : '—'],
        ]}
      />
      <p className="pre-line">{c.terms.description}</p>
      {c.withdrawal && <Alert kind="warning">{t('contribution.withdrawn', { reason: c.withdrawal.reason })}</Alert>}
      <Table caption={t('contribution.signatures', { version: c.version })} head={[t('contribution.side'), t('grant.status')]}>
        {(['team', 'signatory'] as const).map((s) => {
          const signature = c.signatures[s];
          return (
            <tr key={s}>
              <td data-label={t('contribution.side')}>{s === 'team' ? t('contribution.side.team') : name(c.terms.signatoryId)}</td>
              <td data-label={t('grant.status')}>
                {signature?.version === c.version ? t('contribution.signedOn', { date: date(signature.at) }) : t('contribution.notSigned')}
              </td>
            </tr>
          );
        })}
      </Table>
      {side && negotiating && c.awaiting === side && c.signatures[side]?.version !== c.version && (
        <section aria-labelledby="sign" className="panel">
          <h2 id="sign">{t('contribution.signTitle')}</h2>
          <p>{t('contribution.signBody', { version: c.version, date: c.signBy ? date(c.signBy) : '—' })}</p>
          {sign.error && <ErrorAlert error={sign.error} />}
          <Button onClick={() => sign.mutate()} disabled={sign.isPending}>
            {t('contribution.sign')}
          </Button>
        </section>
      )}
      {mayRevise && <ReviseForm c={c} done={refresh} />}
      {side && negotiating && (
        <TextsForm
          id="withdraw"
          title={t('contribution.withdrawTitle')}
          collapsed
          fields={[{ name: 'reason', label: t('contribution.withdrawReason'), required: true, maxLength: 2000 }]}
          submitLabel={t('contribution.withdraw')}
          variant="danger"
          submit={async (v) => {
            await call(api.POST('/contributions/{id}/withdraw', { params: { path: { id } }, body: v }));
            await refresh();
          }}
        />
      )}
      {me.role === 'auditor' || me.role === 'admin' || me.role === 'project_lead' || me.role === 'prefect_delegate' || side ? <Timeline id={c.id} /> : null}
    </Page>
  );
}

/** A new version on the table: what it commits and its description (the orientation, year and nature stay). */
function ReviseForm({ c, done }: { c: Contribution; done: () => Promise<unknown> }) {
  const { t } = useI18n();
  const [amount, setAmount] = useState('');
  const [staff, setStaff] = useState('');
  const [error, setError] = useState<string>();
  return (
    <TextsForm
      id="revise"
      title={t('contribution.reviseTitle')}
      collapsed
      before={
        c.terms.nature === 'funding' ? (
          <Field name="revise-amount" label={t('contribution.amount')} hint={t('request.amountHint')} error={error}>
            {(props) => <Input {...props} value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" autoComplete="off" />}
          </Field>
        ) : c.terms.nature === 'staff' ? (
          <Field name="revise-staff" label={t('contribution.staffCount')} error={error}>
            {(props) => <Input {...props} value={staff} onChange={(e) => setStaff(e.target.value)} inputMode="numeric" autoComplete="off" />}
          </Field>
        ) : null
      }
      fields={[{ name: 'description', label: t('contribution.description'), hint: t('contribution.reviseHint'), maxLength: 2000 }]}
      submitLabel={t('contribution.revise')}
      variant="secondary"
      submit={async ({ description }) => {
        const amountCents = c.terms.nature === 'funding' ? (amount.trim() ? centsOf(amount) : (c.terms.amountCents ?? null)) : undefined;
        const staffCount = c.terms.nature === 'staff' ? (staff.trim() ? Number(staff) : c.terms.staffCount) : undefined;
        if (amountCents === null) {
          setError(t('error.amount'));
          throw new Error(t('error.amount'));
        }
        setError(undefined);
        await call(
          api.POST('/contributions/{id}/revise', {
            params: { path: { id: c.id } },
            body: {
              territory: c.terms.territoryId,
              signatoryId: c.terms.signatoryId,
              orientation: c.terms.orientation,
              year: c.terms.year,
              nature: c.terms.nature,
              ...(amountCents !== undefined ? { amountCents } : {}),
              ...(staffCount !== undefined ? { staffCount } : {}),
              description: description || c.terms.description,
              coCarriers: c.terms.coCarriers,
            },
          }),
        );
        await done();
      }}
    />
  );
}
