import type { ReactElement } from 'react';
import { createBrowserRouter, Outlet, RouterProvider } from 'react-router';
import { Me, useMe } from './api/session';
import { Layout } from './components/layout';
import { ErrorAlert, Loading } from './components/page';
import { I18nProvider } from './i18n';
import { AccessibilityPage } from './pages/accessibility';
import { AccountsPage } from './pages/administration';
import { AgreementPage } from './pages/agreement';
import { AnnualReportPage, AnnualReportsPage } from './pages/annual-report';
import { CodirPage } from './pages/codir';
import { CodirsPage } from './pages/codirs';
import { MissionSheetPage, MissionSheetsPage } from './pages/mission-sheet';
import { CopilPage, CopilsPage } from './pages/copil';
import { AuditPage, AuditSearchPage } from './pages/audit';
import { CallPage } from './pages/call';
import { LaunchCallPage } from './pages/call-launch';
import { ApplicationPage } from './pages/application';
import { CallsPage } from './pages/calls';
import { ContributionPage } from './pages/contribution';
import { ContributionsPage } from './pages/contributions';
import { PreferencesPage } from './pages/preferences';
import { TaskForcePage } from './pages/task-force';
import { TaskForceProposalPage, TaskForcesPage } from './pages/task-forces';
import { FilesPage } from './pages/files';
import { HomePage } from './pages/home';
import { IncubationPage } from './pages/incubation';
import { MicroGrantPage } from './pages/micro-grant';
import { NeedPage, NeedsPage } from './pages/needs';
import { MicroGrantRequestPage } from './pages/micro-grant-request';
import { NotFound } from './pages/not-found';
import { NotificationsPage } from './pages/notifications';
import { OpenDataPage } from './pages/open-data';
import { NoAccountPage, SignInPage } from './pages/sign-in';

/** Pages for a signed-in account; the sign-in page otherwise, or the no-account page. */
function Signed({ page }: { page: (me: Me) => ReactElement }) {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorAlert error={me.error} />;
  if (!me.data) return <SignInPage />;
  if (!me.data.role) return <NoAccountPage me={me.data} />;
  return page(me.data);
}

function Frame() {
  const me = useMe();
  return (
    <I18nProvider language={me.data?.language ?? 'fr'}>
      <Layout me={me.data ?? null}>
        <Outlet />
      </Layout>
    </I18nProvider>
  );
}

const router = createBrowserRouter(
  [
    {
      element: <Frame />,
      children: [
        { path: '/', element: <Signed page={(me) => <HomePage me={me} />} /> },
        { path: '/dossiers', element: <Signed page={(me) => <FilesPage me={me} />} /> },
        { path: '/micro-subventions/nouvelle', element: <Signed page={(me) => <MicroGrantRequestPage me={me} />} /> },
        { path: '/micro-subventions/:id', element: <Signed page={(me) => <MicroGrantPage me={me} />} /> },
        { path: '/appels', element: <Signed page={(me) => <CallsPage me={me} />} /> },
        { path: '/appels/nouveau', element: <Signed page={(me) => <LaunchCallPage me={me} />} /> },
        { path: '/appels/:id', element: <Signed page={(me) => <CallPage me={me} />} /> },
        { path: '/candidatures/:id', element: <Signed page={(me) => <ApplicationPage me={me} />} /> },
        { path: '/incubations/:id', element: <Signed page={(me) => <IncubationPage me={me} />} /> },
        { path: '/conventions/:id', element: <Signed page={(me) => <AgreementPage me={me} />} /> },
        { path: '/task-forces', element: <Signed page={(me) => <TaskForcesPage me={me} />} /> },
        { path: '/task-forces/nouvelle', element: <Signed page={(me) => <TaskForceProposalPage me={me} />} /> },
        { path: '/task-forces/:id', element: <Signed page={(me) => <TaskForcePage me={me} />} /> },
        { path: '/contributions', element: <Signed page={(me) => <ContributionsPage me={me} />} /> },
        { path: '/contributions/:id', element: <Signed page={(me) => <ContributionPage me={me} />} /> },
        { path: '/besoins', element: <Signed page={(me) => <NeedsPage me={me} />} /> },
        { path: '/besoins/:id', element: <Signed page={(me) => <NeedPage me={me} />} /> },
        { path: '/codir', element: <Signed page={(me) => <CodirsPage me={me} />} /> },
        { path: '/codir/:id', element: <Signed page={(me) => <CodirPage me={me} />} /> },
        { path: '/copil', element: <Signed page={(me) => <CopilsPage me={me} />} /> },
        { path: '/copil/:id', element: <Signed page={(me) => <CopilPage me={me} />} /> },
        { path: '/feuilles-de-mission', element: <Signed page={(me) => <MissionSheetsPage me={me} />} /> },
        { path: '/feuilles-de-mission/:id', element: <Signed page={(me) => <MissionSheetPage me={me} />} /> },
        { path: '/rapports', element: <Signed page={(me) => <AnnualReportsPage me={me} />} /> },
        { path: '/rapports/:territory/:year', element: <Signed page={(me) => <AnnualReportPage me={me} />} /> },
        { path: '/notifications', element: <Signed page={() => <NotificationsPage />} /> },
        { path: '/preferences', element: <Signed page={() => <PreferencesPage />} /> },
        { path: '/donnees-ouvertes', element: <Signed page={() => <OpenDataPage />} /> },
        { path: '/audit', element: <Signed page={() => <AuditSearchPage />} /> },
        { path: '/audit/:id', element: <Signed page={() => <AuditPage />} /> },
        { path: '/administration/comptes', element: <Signed page={() => <AccountsPage />} /> },
        { path: '/accessibilite', element: <AccessibilityPage /> },
        { path: '/connexion', element: <SignInPage /> },
        { path: '*', element: <NotFound /> },
      ],
    },
  ],
  { basename: '/app' },
);

export function App() {
  return <RouterProvider router={router} />;
}
