import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError, call, Schemas } from '../api/client';
import type { Me } from '../api/session';
import { Button, ErrorSummary, Field, Input, Select, TextArea } from '../components/form';
import { ErrorAlert, Page } from '../components/page';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';

/** "1500", "1 500,50", "1500.5" → cents; null when it is not an amount above zero. */
export function centsOf(text: string): number | null {
  const normalised = text.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(normalised)) return null;
  const cents = Math.round(Number(normalised) * 100);
  return cents > 0 ? cents : null;
}

type Errors = Partial<Record<'binomeId' | 'title' | 'purpose' | 'amount' | 'qpv' | 'targetPublic', string>>;
const PUBLICS = ['qpv_residents', 'young_people', 'families', 'seniors', 'women', 'job_seekers', 'people_with_disabilities', 'newcomers'] as const;
type TargetPublic = NonNullable<Schemas['RequestMicroGrantDto']['targetPublic']>;

/** An association asks its territory's binôme for a micro-grant. */
export function MicroGrantRequestPage({ me }: { me: Me }) {
  const { t, euros } = useI18n();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const territories = useQuery({ queryKey: ['territories'], queryFn: () => call(api.GET('/territories')) });
  const associations = useQuery({ queryKey: ['associations'], queryFn: () => call(api.GET('/associations')) });
  // The territories where the association acts: its binômes are the ones it may ask.
  const acting = associations.data?.find((association) => association.id === me.organisation?.id)?.territories ?? [];
  const choices = (territories.data ?? []).filter((territory) => territory.binomeId && (acting.length === 0 || acting.includes(territory.id)));
  const [form, setForm] = useState({ binomeId: '', title: '', purpose: '', amount: '', qpv: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [basis, setBasis] = useState<'' | 'eligible' | 'non_take_up'>('');
  const [publics, setPublics] = useState<string[]>([]);
  const [nonTakeUp, setNonTakeUp] = useState({ public: '', rights: '', people: '', evidence: '' });
  const binomeId = form.binomeId || choices[0]?.binomeId || '';
  const year = new Date().getFullYear();
  const envelope = useQuery({
    queryKey: ['envelope', binomeId, year],
    enabled: Boolean(binomeId),
    queryFn: () => call(api.GET('/binomes/{id}/envelopes/{year}', { params: { path: { id: binomeId, year } } })),
  });
  const submit = useMutation({
    mutationFn: (body: Schemas['RequestMicroGrantDto']) => call(api.POST('/micro-grants', { body })),
    onSuccess: async (created) => {
      await queries.invalidateQueries({ queryKey: ['grants'] });
      await navigate(`/micro-subventions/${created.id}`, { state: { created: true } });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) {
        const field = error.fields.includes('amountCents') ? 'amount' : (error.fields[0] as keyof Errors | undefined);
        if (field) setErrors({ [field]: error.message });
      }
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found: Errors = {};
    if (!form.title.trim()) found.title = t('error.required');
    if (!form.purpose.trim()) found.purpose = t('error.required');
    const amountCents = centsOf(form.amount);
    if (amountCents === null) found.amount = t('error.amount');
    let targetPublic: TargetPublic | undefined;
    if (basis === 'eligible') {
      if (!publics.length) found.targetPublic = t('request.publicsRequired');
      targetPublic = { basis, publics: publics as TargetPublic['publics'] };
    } else if (basis === 'non_take_up') {
      const people = Number(nonTakeUp.people);
      if (!nonTakeUp.public.trim() || !nonTakeUp.rights.trim() || !nonTakeUp.evidence.trim() || !(Number.isInteger(people) && people >= 1))
        found.targetPublic = t('request.nonTakeUpRequired');
      targetPublic = {
        basis,
        public: nonTakeUp.public.trim(),
        assessment: { rights: nonTakeUp.rights.trim(), estimatedPeople: people, evidence: nonTakeUp.evidence.trim() },
      };
    }
    setErrors(found);
    if (Object.keys(found).length || amountCents === null) return;
    submit.mutate({
      binomeId,
      title: form.title.trim(),
      purpose: form.purpose.trim(),
      amountCents,
      ...(form.qpv.trim() ? { qpv: form.qpv.trim() } : {}),
      ...(targetPublic ? { targetPublic } : {}),
    });
  }

  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });
  const labels: Record<keyof Errors, string> = {
    binomeId: t('request.binome'),
    title: t('request.titleField'),
    purpose: t('request.purpose'),
    amount: t('request.amount'),
    qpv: t('request.qpv'),
    targetPublic: t('request.targetPublic'),
  };
  const summary = (Object.entries(errors) as [keyof Errors, string][]).map(([field, message]) => ({ field, label: labels[field], message }));
  return (
    <Page title={t('request.title')} lead={envelope.data ? t('request.lead', { ceiling: euros(envelope.data.ceilingCents) }) : undefined}>
      <ErrorSummary errors={summary} />
      {submit.error && !(submit.error instanceof ApiError && submit.error.status === 400) && <ErrorAlert error={submit.error} />}
      <form onSubmit={onSubmit} noValidate className="form">
        <Field name="binomeId" label={t('request.binome')} hint={t('request.binomeHint')} error={errors.binomeId}>
          {(props) => (
            <Select {...props} value={binomeId} onChange={set('binomeId')}>
              {choices.map((territory) => (
                <option key={territory.id} value={territory.binomeId!}>
                  {territory.name}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field name="title" label={t('request.titleField')} error={errors.title}>
          {(props) => <Input {...props} value={form.title} onChange={set('title')} maxLength={200} autoComplete="off" />}
        </Field>
        <Field name="purpose" label={t('request.purpose')} error={errors.purpose}>
          {(props) => <TextArea {...props} value={form.purpose} onChange={set('purpose')} maxLength={4000} />}
        </Field>
        <Field name="amount" label={t('request.amount')} hint={t('request.amountHint')} error={errors.amount}>
          {(props) => <Input {...props} value={form.amount} onChange={set('amount')} inputMode="decimal" autoComplete="off" />}
        </Field>
        <Field name="qpv" label={t('request.qpv')} error={errors.qpv}>
          {(props) => <Input {...props} value={form.qpv} onChange={set('qpv')} maxLength={120} autoComplete="off" />}
        </Field>
        <fieldset
          id="field-targetPublic"
          className={errors.targetPublic ? 'field-error' : undefined}
          aria-describedby={errors.targetPublic ? 'targetPublic-error' : undefined}
        >
          <legend>{t('request.targetPublic')}</legend>
          <p className="hint">{t('request.targetPublicHint')}</p>
          {errors.targetPublic && (
            <p className="error-message" id="targetPublic-error">
              {errors.targetPublic}
            </p>
          )}
          {(['', 'eligible', 'non_take_up'] as const).map((b) => (
            <div key={b || 'none'} className="checkbox-field">
              <input type="radio" name="basis" id={`basis-${b || 'none'}`} checked={basis === b} onChange={() => setBasis(b)} />
              <label htmlFor={`basis-${b || 'none'}`}>{t(`request.basis.${b || 'none'}` as MessageKey)}</label>
            </div>
          ))}
          {basis === 'eligible' &&
            PUBLICS.map((p) => (
              <div key={p} className="checkbox-field">
                <input
                  type="checkbox"
                  id={`public-${p}`}
                  checked={publics.includes(p)}
                  onChange={() => setPublics(publics.includes(p) ? publics.filter((x) => x !== p) : [...publics, p])}
                />
                <label htmlFor={`public-${p}`}>{t(`request.public.${p}` as MessageKey)}</label>
              </div>
            ))}
          {basis === 'non_take_up' && (
            <>
              <Field name="ntu-public" label={t('request.ntuPublic')} hint={t('request.ntuPublicHint')}>
                {(props) => (
                  <Input {...props} maxLength={500} value={nonTakeUp.public} onChange={(e) => setNonTakeUp({ ...nonTakeUp, public: e.target.value })} />
                )}
              </Field>
              <Field name="ntu-rights" label={t('request.ntuRights')} hint={t('request.ntuRightsHint')}>
                {(props) => (
                  <Input {...props} maxLength={1000} value={nonTakeUp.rights} onChange={(e) => setNonTakeUp({ ...nonTakeUp, rights: e.target.value })} />
                )}
              </Field>
              <Field name="ntu-people" label={t('request.ntuPeople')}>
                {(props) => (
                  <Input {...props} inputMode="numeric" value={nonTakeUp.people} onChange={(e) => setNonTakeUp({ ...nonTakeUp, people: e.target.value })} />
                )}
              </Field>
              <Field name="ntu-evidence" label={t('request.ntuEvidence')} hint={t('request.ntuEvidenceHint')}>
                {(props) => (
                  <TextArea
                    {...props}
                    rows={3}
                    maxLength={2000}
                    value={nonTakeUp.evidence}
                    onChange={(e) => setNonTakeUp({ ...nonTakeUp, evidence: e.target.value })}
                  />
                )}
              </Field>
            </>
          )}
        </fieldset>
        <Button type="submit" disabled={submit.isPending}>
          {t('request.submit')}
        </Button>
      </form>
    </Page>
  );
}
