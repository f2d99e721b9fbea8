import { ReactNode } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { useDemoTime } from '../api/demo-time';
import type { Me } from '../api/session';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/fr';

function navigationOf(me: Me | null): { to: string; label: MessageKey }[] {
  if (!me?.role) return [];
  const items: { to: string; label: MessageKey }[] = [{ to: '/', label: 'nav.todo' }];
  if (me.role === 'association') items.push({ to: '/dossiers', label: 'nav.files' }, { to: '/micro-subventions/nouvelle', label: 'nav.request' });
  else if (me.role === 'project_lead' || me.role === 'prefect_delegate') items.push({ to: '/dossiers', label: 'nav.territoryFiles' });
  else if (me.role === 'funder') items.push({ to: '/dossiers', label: 'nav.portfolio' }, { to: '/donnees-ouvertes', label: 'nav.openData' });
  else items.push({ to: '/dossiers', label: 'nav.allFiles' });
  items.push(
    { to: '/appels', label: 'nav.calls' },
    { to: '/task-forces', label: 'nav.taskForces' },
    { to: '/contributions', label: 'nav.contributions' },
    { to: '/besoins', label: 'nav.needs' },
  );
  if (me.role === 'project_lead' || me.role === 'prefect_delegate' || me.role === 'auditor' || me.role === 'admin')
    items.push({ to: '/codir', label: 'nav.codir' });
  if (me.role !== 'funder') items.push({ to: '/cohortes', label: 'nav.cohorts' });
  if (me.role !== 'funder') items.push({ to: '/copil', label: 'nav.copil' });
  if (me.role !== 'funder') items.push({ to: '/feuilles-de-mission', label: 'nav.sheets' });
  items.push(
    me.territory ? { to: `/rapports/${me.territory.id}/${new Date().getFullYear()}`, label: 'nav.reports' } : { to: '/rapports', label: 'nav.reports' },
  );
  if (me.role === 'auditor' || me.role === 'admin') items.push({ to: '/audit', label: 'nav.audit' });
  if (me.role === 'admin') items.push({ to: '/administration/comptes', label: 'nav.admin' });
  if (me.role === 'funder' || me.role === 'association') items.push({ to: '/webhooks', label: 'nav.webhooks' });
  items.push({ to: '/notifications', label: 'nav.notifications' }, { to: '/preferences', label: 'nav.preferences' });
  return items;
}

/** Every page's frame: skip link, header with who is signed in, navigation, main, footer. */
export function Layout({ me, children }: { me: Me | null; children?: ReactNode }) {
  const { t, language } = useI18n();
  // The name, then what the account is (role, organisation or territory), without saying twice what the name says.
  const parts = me?.role ? [me.name ?? '', t(`role.${me.role}` as MessageKey), me.organisation?.name ?? '', me.territory?.name ?? ''] : [me?.email ?? ''];
  const who = parts.filter((part, i) => part && (i === 0 || !(parts[0] ?? '').includes(part))).join(' · ');
  const demo = useDemoTime();
  const number = (n: number) => n.toLocaleString(language === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 });
  return (
    <>
      <a className="skip-link" href="#contenu">
        {t('app.skip')}
      </a>
      <header className="site-header">
        {demo && (
          <p className="demo-banner" role="note">
            <span className="container">{t('app.demoTime', { minutes: number(demo.yearSeconds / 60), seconds: number(demo.daySeconds) })}</span>
          </p>
        )}
        <div className="container header-row">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          {me && (
            <div className="account">
              <span>{who}</span>
              <form method="post" action="/auth/logout">
                <button type="submit" className="button button-secondary">
                  {t('app.signOut')}
                </button>
              </form>
            </div>
          )}
        </div>
        {navigationOf(me).length > 0 && (
          <nav aria-label={t('app.nav')} className="main-nav">
            <ul className="container">
              {navigationOf(me).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === '/'}>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      <main id="contenu" className="container" tabIndex={-1}>
        {children ?? <Outlet />}
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>
            {t('footer.conformity')} · <Link to="/accessibilite">{t('footer.statement')}</Link>
          </p>
        </div>
      </footer>
    </>
  );
}
