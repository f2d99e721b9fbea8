import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError, call } from '../api/client';
import { Table } from '../components/data';
import { Button, Field, Input } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';
import { NotFound } from './not-found';
import { eventLabel } from '../i18n/events';

/** Auditors and admins find any file by its id. */
export function AuditSearchPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [id, setId] = useState('');
  const [error, setError] = useState<string>();
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!id.trim()) return setError(t('error.required'));
    void navigate(`/audit/${encodeURIComponent(id.trim())}`);
  }
  return (
    <Page title={t('audit.searchTitle')} lead={t('audit.searchLead')}>
      <form onSubmit={onSubmit} noValidate className="form">
        <Field name="grantId" label={t('audit.grantId')} hint={t('audit.grantIdHint')} error={error}>
          {(props) => <Input {...props} value={id} onChange={(e) => setId(e.target.value)} autoComplete="off" spellCheck={false} />}
        </Field>
        <Button type="submit">{t('audit.open')}</Button>
      </form>
    </Page>
  );
}

/** Why was this file decided this way: who did what and when, the chain's verification, the replay, the raw history. */
export function AuditPage() {
  const { id = '' } = useParams();
  const { t, dateTime, language } = useI18n();
  const events = useQuery({
    queryKey: ['audit', id, 'events'],
    queryFn: () => call(api.GET('/grants/{id}/events', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
  const verify = useMutation({ mutationFn: () => call(api.GET('/grants/{id}/verify', { params: { path: { id } } })) });
  const queries = useQueryClient();
  const verdicts = useQuery({
    queryKey: ['audit', id, 'replay-verdicts'],
    queryFn: () => call(api.GET('/grants/{id}/replay-verdicts', { params: { path: { id } } })),
  });
  const replay = useMutation({
    mutationFn: (force: boolean) => call(api.POST('/grants/{id}/replay', { params: { path: { id }, query: { force } } })),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['audit', id, 'replay-verdicts'] }),
  });
  const lastVerified = verdicts.data?.[0];
  const cachedRun = replay.data?.runs.find((run) => run.cached);
  if (events.error instanceof ApiError && events.error.status === 404) return <NotFound title={t('grant.notFound')} body={t('grant.notFoundBody')} />;
  if (events.isPending) return <Loading />;
  if (events.error) return <ErrorAlert error={events.error} />;
  const first = events.data[0]?.payload as { title?: string } | undefined;
  return (
    <Page title={t('audit.title', { title: first?.title ?? id })}>
      <p>
        <code>{id}</code>
      </p>
      <section aria-labelledby="who-what">
        <h2 id="who-what">{t('audit.timeline')}</h2>
        <Table
          caption={t('audit.timelineCaption', { count: events.data.length })}
          head={['n°', t('audit.col.when'), t('audit.col.what'), t('audit.col.who'), t('audit.col.why')]}
        >
          {events.data.map((event) => {
            const actor = event.actor as { id?: string; role?: string; kind?: string };
            const payload = event.payload as { reason?: string; decision?: string; summary?: string };
            return (
              <tr key={event.seq}>
                <td data-label="n°">{event.seq}</td>
                <td data-label={t('audit.col.when')}>
                  <time dateTime={event.occurredAt}>{dateTime(event.occurredAt)}</time>
                </td>
                <td data-label={t('audit.col.what')}>
                  {eventLabel(event.type, language)}
                  {payload.decision ? ` (${t(`decision.${payload.decision}` as MessageKey)})` : ''}
                </td>
                <td data-label={t('audit.col.who')}>
                  {[actor.role ? t(`role.${actor.role}` as MessageKey) : actor.kind, actor.id].filter(Boolean).join(' · ')}
                </td>
                <td data-label={t('audit.col.why')}>{payload.reason ?? payload.summary ?? ''}</td>
              </tr>
            );
          })}
        </Table>
      </section>

      <section aria-labelledby="chain">
        <h2 id="chain">{t('audit.chain')}</h2>
        <p>{t('audit.chainLead')}</p>
        <Button onClick={() => verify.mutate()} disabled={verify.isPending}>
          {t('audit.verify')}
        </Button>
        {verify.error && <ErrorAlert error={verify.error} />}
        {verify.data &&
          (verify.data.valid ? (
            <Alert kind="success">{t('audit.intact', { count: verify.data.events })}</Alert>
          ) : (
            <Alert kind="error" title={t('audit.broken', { seq: verify.data.brokenAt ?? '?' })}>
              {verify.data.reason}
            </Alert>
          ))}
      </section>

      <section aria-labelledby="replay">
        <h2 id="replay">{t('audit.replay')}</h2>
        <p>{t('audit.replayLead')}</p>
        {verdicts.data && (
          <p>
            {lastVerified
              ? t('audit.lastVerified', {
                  when: dateTime(lastVerified.verifiedAt),
                  by: t(`audit.verifiedBy.${lastVerified.verifiedBy}`, { who: lastVerified.requestedBy ?? '' }),
                  code: lastVerified.code.bundleSha256.slice(0, 12),
                  sdk: lastVerified.code.sdkVersion,
                })
              : t('audit.neverVerified')}
          </p>
        )}
        <Button onClick={() => replay.mutate(false)} disabled={replay.isPending}>
          {t('audit.replayButton')}
        </Button>
        {replay.isPending && <Loading />}
        {replay.error && <ErrorAlert error={replay.error} />}
        {replay.data && (
          <>
            {replay.data.deterministic ? (
              <Alert kind="success">{t('audit.deterministic', { runs: replay.data.runs.length })}</Alert>
            ) : (
              <Alert kind="error" title={t('audit.divergence', { event: replay.data.divergence?.eventId ?? '?' })}>
                {replay.data.divergence?.message}
              </Alert>
            )}
            {cachedRun && (
              <p>
                {t('audit.cached', { when: dateTime(cachedRun.verifiedAt) })}{' '}
                <Button onClick={() => replay.mutate(true)} disabled={replay.isPending}>
                  {t('audit.replayAgain')}
                </Button>
              </p>
            )}
            {replay.data.mismatches.length > 0 && (
              <Alert kind="warning" title={t('audit.mismatches')}>
                <ul>
                  {replay.data.mismatches.map((m) => (
                    <li key={m}>{m}</li>
                  ))}
                </ul>
              </Alert>
            )}
            <Table caption={t('audit.historyTimeline')} head={[t('audit.col.when'), t('audit.col.what'), t('audit.col.who')]}>
              {replay.data.timeline.map((entry) => (
                <tr key={entry.eventId}>
                  <td data-label={t('audit.col.when')}>{dateTime(entry.at)}</td>
                  <td data-label={t('audit.col.what')}>{entry.what}</td>
                  <td data-label={t('audit.col.who')}>{[entry.role, entry.who].filter(Boolean).join(' · ')}</td>
                </tr>
              ))}
            </Table>
          </>
        )}
      </section>

      <section aria-labelledby="raw">
        <h2 id="raw">{t('audit.raw')}</h2>
        <p>
          <a href={`/grants/${encodeURIComponent(id)}/history`} download={`${id}-history.json`}>
            {t('audit.download')}
          </a>
        </p>
      </section>
    </Page>
  );
}
