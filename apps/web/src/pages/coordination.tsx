import { useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Button, ErrorSummary, Field, Input, Select } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { parisDay } from '../dates';
import { useI18n } from '../i18n';

type Result = Schemas['CoordinationMeetingResultDto'];

/**
 * Recording a coordination meeting (the territory's binôme, or an admin): its topic, its day and the
 * associations present. Each one with a token-paid anchoring agreement earns a token for its current
 * year; the answer names the agreements credited and those that refused the credit, with why.
 */
export function CoordinationPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  const associations = useQuery({ queryKey: ['associations'], queryFn: () => call(api.GET('/associations')) });
  const own = me.role === 'admin' ? undefined : me.territory?.id;
  const [form, setForm] = useState({ territory: '', topic: '', day: '' });
  const [present, setPresent] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [key, setKey] = useState(() => crypto.randomUUID());
  const record = useMutation({
    mutationFn: (body: Schemas['CoordinationMeetingDto']) => call(api.POST('/coordination-meetings', { params: { header: { 'idempotency-key': key } }, body })),
    onSuccess: () => {
      // The next meeting is another one.
      setKey(crypto.randomUUID());
      setForm((f) => ({ ...f, topic: '', day: '' }));
      setPresent([]);
    },
  });
  if (!['project_lead', 'prefect_delegate', 'admin'].includes(me.role ?? '')) return <ErrorAlert error={new Error(t('coordination.notYours'))} />;
  if (territories.isPending || associations.isPending) return <Loading />;
  const territory = own ?? form.territory;
  const acting = (associations.data ?? []).filter((a) => territory && a.territories.includes(territory));
  const toggle = (id: string) => setPresent(present.includes(id) ? present.filter((x) => x !== id) : [...present, id]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    const today = parisDay();
    if (!territory) found.territory = t('error.required');
    if (!form.topic.trim()) found.topic = t('error.required');
    if (form.day && form.day > today) found.day = t('coordination.future');
    if (!present.length) found.attendees = t('coordination.none');
    setErrors(found);
    if (Object.keys(found).length) return;
    record.mutate({
      territory,
      topic: form.topic.trim(),
      // A past day: the meeting at noon that day; today: now (recorded at its end).
      ...(form.day && form.day < today ? { date: new Date(`${form.day}T12:00:00`).toISOString() } : {}),
      attendeeAssociationIds: present,
    });
  }

  const labels: Record<string, string> = {
    territory: t('coordination.territory'),
    topic: t('coordination.topic'),
    day: t('coordination.day'),
    attendees: t('coordination.attendees'),
  };
  return (
    <Page title={t('coordination.title')} lead={t('coordination.lead')}>
      <ErrorSummary errors={Object.entries(errors).map(([field, message]) => ({ field, label: labels[field] ?? field, message }))} />
      {record.error && <ErrorAlert error={record.error} />}
      {record.data && <Outcome result={record.data} names={associations.data ?? []} />}
      <form onSubmit={onSubmit} noValidate className="form">
        {own ? (
          <p>{t('launch.ownTerritory', { territory: territories.data?.find((x) => x.id === own)?.name ?? own })}</p>
        ) : (
          <Field name="territory" label={t('coordination.territory')} error={errors.territory}>
            {(props) => (
              <Select {...props} value={form.territory} onChange={(e) => (setForm({ ...form, territory: e.target.value }), setPresent([]))}>
                <option value="">{t('launch.choose')}</option>
                {territories.data?.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        )}
        <Field name="topic" label={t('coordination.topic')} hint={t('coordination.topicHint')} error={errors.topic}>
          {(props) => <Input {...props} maxLength={300} value={form.topic} onChange={(e) => setForm({ ...form, topic: e.target.value })} />}
        </Field>
        <Field name="day" label={t('coordination.day')} hint={t('coordination.dayHint')} error={errors.day}>
          {(props) => <Input {...props} type="date" max={parisDay()} value={form.day} onChange={(e) => setForm({ ...form, day: e.target.value })} />}
        </Field>
        <fieldset id="field-attendees" tabIndex={-1} aria-describedby={errors.attendees ? 'attendees-error' : 'attendees-hint'}>
          <legend>{t('coordination.attendees')}</legend>
          <p className="hint" id="attendees-hint">
            {t('coordination.attendeesHint')}
          </p>
          {errors.attendees && (
            <p className="error-message" id="attendees-error">
              {errors.attendees}
            </p>
          )}
          {territory && !acting.length && <p>{t('coordination.noAssociations')}</p>}
          {acting.map((a) => (
            <div key={a.id} className="checkbox-field">
              <input type="checkbox" id={`present-${a.id}`} checked={present.includes(a.id)} onChange={() => toggle(a.id)} />
              <label htmlFor={`present-${a.id}`}>{a.name}</label>
            </div>
          ))}
        </fieldset>
        <Button type="submit" disabled={record.isPending}>
          {t('coordination.submit')}
        </Button>
      </form>
    </Page>
  );
}

/** What the meeting earned: the agreements credited, those that refused the credit (with why), those still settling. */
function Outcome({ result, names }: { result: Result; names: { id: string; name: string }[] }) {
  const { t } = useI18n();
  const ids = [...result.creditedAgreementIds, ...result.rejectedCredits.map((r) => r.agreementId), ...result.pendingAgreementIds];
  const agreements = useQueries({
    queries: ids.map((id) => ({ queryKey: ['agreement', id], queryFn: () => call(api.GET('/anchoring-agreements/{id}', { params: { path: { id } } })) })),
  });
  const associationOf = (id: string) => {
    const associationId = agreements[ids.indexOf(id)]?.data?.associationId;
    return names.find((a) => a.id === associationId)?.name ?? associationId ?? id;
  };
  const links = (list: string[]) =>
    list.map((id, i) => (
      <span key={id}>
        {i > 0 && ', '}
        <Link to={`/conventions/${id}`}>{associationOf(id)}</Link>
      </span>
    ));
  return (
    <Alert kind="success" title={t('coordination.recorded')}>
      {result.creditedAgreementIds.length ? (
        <p>
          {t('coordination.credited')} {links(result.creditedAgreementIds)}
        </p>
      ) : (
        <p>{t('coordination.noCredit')}</p>
      )}
      {result.rejectedCredits.map((r) => (
        <p key={r.agreementId}>{t('coordination.rejected', { association: associationOf(r.agreementId), reason: r.reason })}</p>
      ))}
      {result.pendingAgreementIds.length > 0 && (
        <p>
          {t('coordination.pending')} {links(result.pendingAgreementIds)}
        </p>
      )}
    </Alert>
  );
}
