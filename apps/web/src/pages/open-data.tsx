import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useState } from 'react';
import { api, ApiError, call, Schemas } from '../api/client';
import { Facts, Table } from '../components/data';
import { Button, ErrorSummary, Field, Input } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';

type Row = Schemas['OpenDataRowDto'];
type Settings = Schemas['OpenDataSettingsDto'];

const STATUS_TONE: Record<string, string> = { awaiting_publication: 'warning', published: 'success', withdrawn: 'neutral', not_published: 'neutral' };

/**
 * A funder's open data (SCDL "Subventions"): what it must publish and by when, one click to publish,
 * and its settings (publish at signature, below the threshold, its programme).
 */
export function OpenDataPage() {
  const { t, euros, date } = useI18n();
  const queries = useQueryClient();
  const obligations = useQuery({ queryKey: ['open-data'], queryFn: () => call(api.GET('/open-data/obligations')) });
  const publish = useMutation({
    mutationFn: (rowIds?: string[]) => call(api.POST('/open-data/publications', { body: rowIds ? { rowIds } : {} })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['open-data'] }),
  });
  const data = obligations.data;
  const awaiting = data?.rows.filter((row) => row.status === 'awaiting_publication') ?? [];
  const file = data ? `/open-data/subventions.csv?funder=${encodeURIComponent(data.funderId)}` : '';
  return (
    <Page title={t('openData.title')} lead={t('openData.lead')}>
      {obligations.isPending && <Loading />}
      {obligations.error && <ErrorAlert error={obligations.error} />}
      {data && (
        <>
          {data.blockedBy && (
            <Alert kind="error" title={t('openData.blocked')}>
              {data.siret ? t('openData.blockedInvalid', { siret: data.siret }) : t('openData.blockedMissing')}
            </Alert>
          )}
          <Facts
            items={[
              [t('openData.attribuant'), `${data.funderName} · SIRET ${data.siret ?? '—'}`],
              [
                t('openData.awaiting'),
                data.awaiting
                  ? t('openData.awaitingCount', { count: data.awaiting, date: data.nextDueBy ? date(data.nextDueBy) : '—' })
                  : t('openData.nothingAwaits'),
              ],
              [
                t('openData.files'),
                <>
                  <a href={file}>{t('openData.csv')}</a> · <a href={file.replace('.csv', '.json')}>{t('openData.json')}</a> ·{' '}
                  <a href={`/open-data/changelog?funder=${encodeURIComponent(data.funderId)}`}>{t('openData.changelog')}</a>
                </>,
              ],
            ]}
          />
          {publish.isSuccess && <Alert kind="success">{t('openData.published', { count: publish.data.rows.length })}</Alert>}
          {publish.error && <ErrorAlert error={publish.error} />}
          {awaiting.length > 0 && !data.blockedBy && (
            <p>
              <Button onClick={() => publish.mutate(undefined)} disabled={publish.isPending}>
                {t('openData.publishAll', { count: awaiting.length })}
              </Button>
            </p>
          )}
          <h2>{t('openData.rows')}</h2>
          {data.rows.length === 0 ? (
            <p>{t('openData.noRows')}</p>
          ) : (
            <Table
              caption={t('openData.caption', { count: data.rows.length })}
              head={[
                t('openData.col.convention'),
                t('openData.col.beneficiary'),
                t('openData.col.year'),
                t('openData.col.amount'),
                t('openData.col.status'),
                t('openData.col.due'),
                t('openData.col.action'),
              ]}
            >
              {data.rows.map((row) => (
                <RowLine
                  key={row.id}
                  row={row}
                  onPublish={() => publish.mutate([row.id])}
                  busy={publish.isPending || Boolean(data.blockedBy)}
                  euros={euros}
                  date={date}
                />
              ))}
            </Table>
          )}
          <SettingsForm settings={data.settings} />
        </>
      )}
    </Page>
  );
}

function RowLine({
  row,
  onPublish,
  busy,
  euros,
  date,
}: {
  row: Row;
  onPublish: () => void;
  busy: boolean;
  euros: (c: number) => string;
  date: (iso: string) => string;
}) {
  const { t } = useI18n();
  const awaiting = row.status === 'awaiting_publication';
  const beneficiary = (row.preview as { nomBeneficiaire?: string } | null)?.nomBeneficiaire ?? row.beneficiaryId;
  return (
    <tr>
      <td data-label={t('openData.col.convention')}>
        {t(`openData.path.${row.path}` as MessageKey)}
        <br />
        <small>{row.grantId}</small>
      </td>
      <td data-label={t('openData.col.beneficiary')}>{beneficiary}</td>
      <td data-label={t('openData.col.year')}>{row.year}</td>
      <td data-label={t('openData.col.amount')}>
        {euros(row.beneficiaryCents)}
        <br />
        <small>{row.mandatory ? t('openData.mandatory') : t('openData.optional')}</small>
      </td>
      <td data-label={t('openData.col.status')}>
        <span className={`badge badge-${row.overdue ? 'error' : (STATUS_TONE[row.status] ?? 'neutral')}`}>
          {t(`openData.status.${row.status}` as MessageKey)}
        </span>
        {row.pendingChange && row.pendingChange !== 'publish' && (
          <>
            <br />
            <small>{t(`openData.change.${row.pendingChange}` as MessageKey)}</small>
          </>
        )}
        {row.blockedReason && (
          <>
            <br />
            <small>{t('openData.rowBlocked')}</small>
          </>
        )}
      </td>
      <td data-label={t('openData.col.due')}>
        {awaiting
          ? `${date(row.dueBy)}${row.overdue ? ` (${t('openData.overdue')})` : ''}`
          : row.publishedAt
            ? t('openData.publishedOn', { date: date(row.publishedAt) })
            : '—'}
      </td>
      <td data-label={t('openData.col.action')}>
        {awaiting ? (
          <Button variant="secondary" onClick={onPublish} disabled={busy} aria-label={`${t('openData.publish')} : ${beneficiary}, ${row.year}`}>
            {t('openData.publish')}
          </Button>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}

type Errors = Partial<Record<'thresholdEuros' | 'programmeId', string>>;

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useI18n();
  const queries = useQueryClient();
  const [form, setForm] = useState({ ...settings, thresholdEuros: String(settings.thresholdCents / 100), programmeId: settings.programmeId ?? '' });
  const [errors, setErrors] = useState<Errors>({});
  useEffect(() => setForm({ ...settings, thresholdEuros: String(settings.thresholdCents / 100), programmeId: settings.programmeId ?? '' }), [settings]);
  const save = useMutation({
    mutationFn: (body: Settings) => call(api.PUT('/open-data/settings', { body })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['open-data'] }),
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) setErrors({ thresholdEuros: error.message });
    },
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.reset();
    const found: Errors = {};
    const euros = Number(form.thresholdEuros.replace(/\s/g, '').replace(',', '.'));
    if (!Number.isFinite(euros) || euros < 0 || Math.round(euros * 100) !== euros * 100) found.thresholdEuros = t('openData.thresholdInvalid');
    if (form.programmeId.length > 200) found.programmeId = t('openData.programmeTooLong');
    setErrors(found);
    if (Object.keys(found).length) return;
    save.mutate({
      autoPublish: form.autoPublish,
      publishBelowThreshold: form.publishBelowThreshold,
      thresholdCents: Math.round(euros * 100),
      programmeId: form.programmeId.trim() || null,
      notifiedToEu: form.notifiedToEu,
    });
  }
  const labels: Record<keyof Errors, string> = { thresholdEuros: t('openData.threshold'), programmeId: t('openData.programme') };
  const checkbox = (name: 'autoPublish' | 'publishBelowThreshold' | 'notifiedToEu', label: MessageKey, hint: MessageKey) => (
    <div className="checkbox-field">
      <label className="choice">
        <input type="checkbox" checked={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.checked })} aria-describedby={`field-${name}-hint`} />{' '}
        {t(label)}
      </label>
      <p className="hint" id={`field-${name}-hint`}>
        {t(hint)}
      </p>
    </div>
  );
  return (
    <section aria-labelledby="open-data-settings" className="panel">
      <h2 id="open-data-settings">{t('openData.settings')}</h2>
      <ErrorSummary errors={(Object.entries(errors) as [keyof Errors, string][]).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {save.isSuccess && <Alert kind="success">{t('openData.saved')}</Alert>}
      {save.error && !(save.error instanceof ApiError && save.error.status === 400) && <ErrorAlert error={save.error} />}
      <form onSubmit={onSubmit} noValidate className="form">
        {checkbox('autoPublish', 'openData.autoPublish', 'openData.autoPublishHint')}
        {checkbox('publishBelowThreshold', 'openData.belowThreshold', 'openData.belowThresholdHint')}
        <Field name="thresholdEuros" label={t('openData.threshold')} hint={t('openData.thresholdHint')} error={errors.thresholdEuros}>
          {(props) => (
            <Input {...props} inputMode="decimal" value={form.thresholdEuros} onChange={(e) => setForm({ ...form, thresholdEuros: e.target.value })} />
          )}
        </Field>
        <Field name="programmeId" label={t('openData.programme')} hint={t('openData.programmeHint')} error={errors.programmeId}>
          {(props) => <Input {...props} value={form.programmeId} onChange={(e) => setForm({ ...form, programmeId: e.target.value })} autoComplete="off" />}
        </Field>
        {checkbox('notifiedToEu', 'openData.notifiedToEu', 'openData.notifiedToEuHint')}
        <Button type="submit" disabled={save.isPending}>
          {t('openData.save')}
        </Button>
      </form>
    </section>
  );
}
