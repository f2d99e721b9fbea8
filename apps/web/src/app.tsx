import { lazy, ReactElement, Suspense } from 'react';
import { createBrowserRouter, Outlet, RouterProvider } from 'react-router';
import { Me, useMe } from './api/session';
import { Layout } from './components/layout';
import { ErrorAlert, Loading } from './components/page';
import { I18nProvider } from './i18n';
import { AccessibilityPage } from './pages/accessibility';
import { CallsPage } from './pages/calls';
import { PreferencesPage } from './pages/preferences';
import { FilesPage } from './pages/files';
import { HomePage } from './pages/home';
import { MicroGrantPage } from './pages/micro-grant';
import { MicroGrantRequestPage } from './pages/micro-grant-request';
import { NotFound } from './pages/not-found';
import { NotificationsPage } from './pages/notifications';
import { NoAccountPage, SignInPage } from './pages/sign-in';

/**
 * The pages beyond the first steps load when first opened (the initial JavaScript stays small on a
 * modest laptop): the calls, agreements, incubations, governance processes, reports and audit.
 */
const AccountsPage = lazy(() => import('./pages/administration').then((m) => ({ default: m.AccountsPage })));
const AgreementPage = lazy(() => import('./pages/agreement').then((m) => ({ default: m.AgreementPage })));
const ProposeAgreementPage = lazy(() => import('./pages/agreement-propose').then((m) => ({ default: m.ProposeAgreementPage })));
const CoordinationPage = lazy(() => import('./pages/coordination').then((m) => ({ default: m.CoordinationPage })));
const AnnualReportPage = lazy(() => import('./pages/annual-report').then((m) => ({ default: m.AnnualReportPage })));
const AnnualReportsPage = lazy(() => import('./pages/annual-report').then((m) => ({ default: m.AnnualReportsPage })));
const CodirPage = lazy(() => import('./pages/codir').then((m) => ({ default: m.CodirPage })));
const CodirsPage = lazy(() => import('./pages/codirs').then((m) => ({ default: m.CodirsPage })));
const MissionSheetPage = lazy(() => import('./pages/mission-sheet').then((m) => ({ default: m.MissionSheetPage })));
const MissionSheetsPage = lazy(() => import('./pages/mission-sheet').then((m) => ({ default: m.MissionSheetsPage })));
const CopilPage = lazy(() => import('./pages/copil').then((m) => ({ default: m.CopilPage })));
const CopilsPage = lazy(() => import('./pages/copil').then((m) => ({ default: m.CopilsPage })));
const AuditPage = lazy(() => import('./pages/audit').then((m) => ({ default: m.AuditPage })));
const AuditSearchPage = lazy(() => import('./pages/audit').then((m) => ({ default: m.AuditSearchPage })));
const CallPage = lazy(() => import('./pages/call').then((m) => ({ default: m.CallPage })));
const LaunchCallPage = lazy(() => import('./pages/call-launch').then((m) => ({ default: m.LaunchCallPage })));
const ApplicationPage = lazy(() => import('./pages/application').then((m) => ({ default: m.ApplicationPage })));
const ContributionPage = lazy(() => import('./pages/contribution').then((m) => ({ default: m.ContributionPage })));
const ContributionsPage = lazy(() => import('./pages/contributions').then((m) => ({ default: m.ContributionsPage })));
const TaskForcePage = lazy(() => import('./pages/task-force').then((m) => ({ default: m.TaskForcePage })));
const TaskForceProposalPage = lazy(() => import('./pages/task-forces').then((m) => ({ default: m.TaskForceProposalPage })));
const TaskForcesPage = lazy(() => import('./pages/task-forces').then((m) => ({ default: m.TaskForcesPage })));
const IncubationPage = lazy(() => import('./pages/incubation').then((m) => ({ default: m.IncubationPage })));
const NeedPage = lazy(() => import('./pages/needs').then((m) => ({ default: m.NeedPage })));
const NeedsPage = lazy(() => import('./pages/needs').then((m) => ({ default: m.NeedsPage })));
const OpenDataPage = lazy(() => import('./pages/open-data').then((m) => ({ default: m.OpenDataPage })));
const WebhooksPage = lazy(() => import('./pages/webhooks').then((m) => ({ default: m.WebhooksPage })));
const CohortsPage = lazy(() => import('./pages/cohort').then((m) => ({ default: m.CohortsPage })));
const CohortPage = lazy(() => import('./pages/cohort').then((m) => ({ default: m.CohortPage })));

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
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
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
        { path: '/cohortes', element: <Signed page={(me) => <CohortsPage me={me} />} /> },
        { path: '/cohortes/:territory/:year', element: <Signed page={(me) => <CohortPage me={me} />} /> },
        { path: '/incubations/:id', element: <Signed page={(me) => <IncubationPage me={me} />} /> },
        { path: '/conventions/nouvelle', element: <Signed page={(me) => <ProposeAgreementPage me={me} />} /> },
        { path: '/conventions/:id', element: <Signed page={(me) => <AgreementPage me={me} />} /> },
        { path: '/coordination', element: <Signed page={(me) => <CoordinationPage me={me} />} /> },
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
        { path: '/webhooks', element: <Signed page={() => <WebhooksPage />} /> },
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
