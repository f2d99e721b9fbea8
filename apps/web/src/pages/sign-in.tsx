import { signInUrl } from '../api/session';
import type { Me } from '../api/session';
import { Page } from '../components/page';
import { useI18n } from '../i18n';

export function SignInPage() {
  const { t } = useI18n();
  return (
    <Page title={t('signIn.title')} lead={t('signIn.lead')}>
      <p>
        <a className="button button-primary" href={signInUrl()}>
          {t('signIn.button')}
        </a>
      </p>
    </Page>
  );
}

export function NoAccountPage({ me }: { me: Me }) {
  const { t } = useI18n();
  return (
    <Page title={t('noAccount.title')}>
      <p>{t('noAccount.body', { email: me.email ?? '' })}</p>
    </Page>
  );
}
