import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useState } from 'react';
import { api, call, Schemas } from '../api/client';
import { Button } from '../components/form';
import { Alert, ErrorAlert, Loading, Page } from '../components/page';
import { useI18n } from '../i18n';

type Preferences = Schemas['PreferencesDto'];

/** How the person is told (in-app, e-mail, both; a daily digest) and in which language. */
export function PreferencesPage() {
  const { t } = useI18n();
  const queries = useQueryClient();
  const current = useQuery({ queryKey: ['preferences'], queryFn: () => call(api.GET('/me/preferences')) });
  const [form, setForm] = useState<Preferences>();
  useEffect(() => {
    if (current.data && !form) setForm(current.data);
  }, [current.data, form]);
  const save = useMutation({
    mutationFn: (body: Preferences) => call(api.PUT('/me/preferences', { body })),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['preferences'] });
      await queries.invalidateQueries({ queryKey: ['me'] });
    },
  });
  if (current.isPending || !form) return <Loading />;
  if (current.error) return <ErrorAlert error={current.error} />;
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (form) save.mutate(form);
  }
  return (
    <Page title={t('preferences.title')}>
      {save.isSuccess && <Alert kind="success">{t('preferences.saved')}</Alert>}
      {save.error && <ErrorAlert error={save.error} />}
      <form onSubmit={onSubmit} className="form">
        <fieldset>
          <legend>{t('preferences.channels')}</legend>
          {(['both', 'in_app', 'email'] as const).map((channel) => (
            <label key={channel} className="choice">
              <input
                type="radio"
                name="channels"
                value={channel}
                checked={form.channels === channel}
                onChange={() => setForm({ ...form, channels: channel })}
              />{' '}
              {t(`preferences.channel.${channel}`)}
            </label>
          ))}
        </fieldset>
        <label className="choice">
          <input type="checkbox" checked={form.dailyDigest} onChange={(e) => setForm({ ...form, dailyDigest: e.target.checked })} /> {t('preferences.digest')}
        </label>
        <fieldset>
          <legend>{t('preferences.language')}</legend>
          {(['fr', 'en'] as const).map((language) => (
            <label key={language} className="choice" lang={language}>
              <input
                type="radio"
                name="language"
                value={language}
                checked={(form.language ?? 'fr') === language}
                onChange={() => setForm({ ...form, language })}
              />{' '}
              {language === 'fr' ? 'Français' : 'English'}
            </label>
          ))}
        </fieldset>
        <Button type="submit" disabled={save.isPending}>
          {t('preferences.save')}
        </Button>
      </form>
    </Page>
  );
}
