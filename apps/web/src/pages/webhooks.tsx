import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { api, call, Schemas } from '../api/client';
import { Table } from '../components/data';
import { Button, ErrorSummary, Field, Input } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import { eventLabel } from '../i18n/events';
import type { MessageKey } from '../i18n/fr';

type Endpoint = Schemas['WebhookEndpointDto'];
const TONE: Record<string, string> = { delivered: 'success', failed: 'error', pending: 'info' };

/**
 * An organisation's signed webhooks: its endpoints with the events each receives; registering one
 * (its secret shown once, to copy into the receiver); a new secret by rotation (shown once too);
 * removing one (its log stays); each endpoint's deliveries with every attempt, and « Renvoyer » for
 * a failed one.
 */
export function WebhooksPage() {
  const { t } = useI18n();
  const endpoints = useQuery({ queryKey: ['webhooks'], queryFn: () => call(api.GET('/webhooks')) });
  const [secret, setSecret] = useState<{ url: string; secret: string }>();
  return (
    <Page title={t('webhooks.title')} lead={t('webhooks.lead')}>
      {secret && (
        <Alert kind="warning" title={t('webhooks.secretTitle')}>
          <p>{t('webhooks.secretLead', { url: secret.url })}</p>
          <p>
            <code data-testid="webhook-secret">{secret.secret}</code>
          </p>
        </Alert>
      )}
      {endpoints.isPending && <Loading />}
      {endpoints.error && <ErrorAlert error={endpoints.error} />}
      {endpoints.data && endpoints.data.length === 0 && <p>{t('webhooks.none')}</p>}
      {endpoints.data?.map((e) => (
        <EndpointPanel key={e.id} endpoint={e} onSecret={setSecret} />
      ))}
      <RegisterForm onSecret={setSecret} />
    </Page>
  );
}

function RegisterForm({ onSecret }: { onSecret: (s: { url: string; secret: string }) => void }) {
  const { t, language } = useI18n();
  const queries = useQueryClient();
  const catalogue = useQuery({ queryKey: ['catalogue'], queryFn: () => call(api.GET('/notifications/catalogue')) });
  const [url, setUrl] = useState('');
  const [all, setAll] = useState(false);
  const [types, setTypes] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const register = useMutation({
    mutationFn: () => call(api.POST('/webhooks', { body: { url: url.trim(), eventTypes: all ? ['*'] : types } })),
    onSuccess: async (created) => {
      if (created.secret) onSecret({ url: created.url, secret: created.secret });
      setUrl('');
      setTypes([]);
      await queries.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!/^https?:\/\/\S+$/.test(url.trim())) found['webhook-url'] = t('webhooks.urlInvalid');
    if (!all && !types.length) found['webhook-events'] = t('webhooks.eventsRequired');
    setErrors(found);
    if (!Object.keys(found).length) register.mutate();
  }
  const labels: Record<string, string> = { 'webhook-url': t('webhooks.url'), 'webhook-events': t('webhooks.events') };
  return (
    <section aria-labelledby="register" className="panel">
      <h2 id="register">{t('webhooks.register')}</h2>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field], message }))} />
      {register.error && <ErrorAlert error={register.error} />}
      <form onSubmit={submit} noValidate>
        <Field name="webhook-url" label={t('webhooks.url')} hint={t('webhooks.urlHint')} error={errors['webhook-url']}>
          {(props) => <Input {...props} type="url" maxLength={2000} value={url} onChange={(e) => setUrl(e.target.value)} />}
        </Field>
        <fieldset id="field-webhook-events" className={errors['webhook-events'] ? 'fieldset-error' : undefined}>
          <legend>{t('webhooks.events')}</legend>
          {errors['webhook-events'] && <p className="error-message">{errors['webhook-events']}</p>}
          <label className="choice">
            <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t('webhooks.allEvents')}
          </label>
          {!all &&
            catalogue.data?.map((entry) => (
              <label key={entry.eventType} className="choice">
                <input
                  type="checkbox"
                  checked={types.includes(entry.eventType)}
                  onChange={(e) => setTypes(e.target.checked ? [...types, entry.eventType] : types.filter((x) => x !== entry.eventType))}
                />{' '}
                {eventLabel(entry.eventType, language)} <span className="hint">({entry.eventType})</span>
              </label>
            ))}
        </fieldset>
        <Button type="submit" disabled={register.isPending}>
          {t('webhooks.registerSubmit')}
        </Button>
      </form>
    </section>
  );
}

function EndpointPanel({ endpoint, onSecret }: { endpoint: Endpoint; onSecret: (s: { url: string; secret: string }) => void }) {
  const { t, dateTime, language } = useI18n();
  const queries = useQueryClient();
  const deliveries = useQuery({
    queryKey: ['webhooks', endpoint.id, 'deliveries'],
    queryFn: () => call(api.GET('/webhooks/{id}/deliveries', { params: { path: { id: endpoint.id } } })),
    // A live log: read again every few seconds, every second while a delivery is under way.
    refetchInterval: (query) => (query.state.data?.some((d) => d.status === 'pending') ? 1000 : 5000),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['webhooks'] });
  const rotate = useMutation({
    mutationFn: () => call(api.POST('/webhooks/{id}/rotate-secret', { params: { path: { id: endpoint.id } } })),
    onSuccess: async (rotated) => {
      if (rotated.secret) onSecret({ url: rotated.url, secret: rotated.secret });
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: () => call(api.DELETE('/webhooks/{id}', { params: { path: { id: endpoint.id } } })), onSuccess: refresh });
  const replay = useMutation({
    mutationFn: (deliveryId: string) => call(api.POST('/webhooks/{id}/deliveries/{deliveryId}/replay', { params: { path: { id: endpoint.id, deliveryId } } })),
    onSuccess: refresh,
  });
  const [confirming, setConfirming] = useState(false);
  const headingId = `endpoint-${endpoint.id}`;
  return (
    <section aria-labelledby={headingId} className="panel">
      <h2 id={headingId}>{endpoint.url}</h2>
      <p>
        <span className={`badge badge-${endpoint.active ? 'success' : 'neutral'}`}>{endpoint.active ? t('webhooks.active') : t('webhooks.removed')}</span>{' '}
        {t('webhooks.receives', {
          events: endpoint.eventTypes.includes('*') ? t('webhooks.allEvents') : endpoint.eventTypes.map((e) => eventLabel(e, language)).join(', '),
        })}
      </p>
      <p>{t('webhooks.secretVersion', { version: endpoint.secretVersion, date: dateTime(endpoint.rotatedAt ?? endpoint.createdAt) })}</p>
      {rotate.error && <ErrorAlert error={rotate.error} />}
      {remove.error && <ErrorAlert error={remove.error} />}
      {replay.error && <ErrorAlert error={replay.error} />}
      {replay.isSuccess && <Alert kind="success">{t('webhooks.replayed')}</Alert>}
      {endpoint.active && (
        <p className="actions">
          <Button variant="secondary" onClick={() => rotate.mutate()} disabled={rotate.isPending}>
            {t('webhooks.rotate')}
          </Button>
          {confirming ? (
            <>
              <span>{t('webhooks.removeConfirm')}</span>
              <Button variant="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
                {t('webhooks.removeYes')}
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                {t('webhooks.removeNo')}
              </Button>
            </>
          ) : (
            <Button variant="danger" onClick={() => setConfirming(true)}>
              {t('webhooks.remove')}
            </Button>
          )}
        </p>
      )}
      {deliveries.data && deliveries.data.length === 0 && <p>{t('webhooks.noDelivery')}</p>}
      {deliveries.data && deliveries.data.length > 0 && (
        <Table caption={t('webhooks.deliveries', { url: endpoint.url })} head={[t('webhooks.event'), t('grant.status'), t('webhooks.attempts'), '']}>
          {deliveries.data.map((d) => {
            const last = d.attempts[d.attempts.length - 1];
            return (
              <tr key={d.id}>
                <td data-label={t('webhooks.event')}>
                  {eventLabel(d.eventType, language)}
                  <br />
                  <span className="hint">
                    {d.streamId} · {dateTime(d.createdAt)}
                  </span>
                </td>
                <td data-label={t('grant.status')}>
                  <span className={`badge badge-${TONE[d.status] ?? 'neutral'}`}>{t(`webhooks.status.${d.status}` as MessageKey)}</span>
                </td>
                <td data-label={t('webhooks.attempts')}>
                  {d.attempts.length}
                  {last && ` — ${t('webhooks.lastAttempt', { at: dateTime(last.at), code: last.statusCode ?? '—', ms: last.latencyMs ?? '—' })}`}
                  {d.lastError && (
                    <>
                      <br />
                      <span className="hint">{d.lastError}</span>
                    </>
                  )}
                </td>
                <td data-label="">
                  {d.status === 'failed' && endpoint.active && (
                    <Button variant="secondary" onClick={() => replay.mutate(d.id)} disabled={replay.isPending}>
                      {t('webhooks.replay')}
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </section>
  );
}
