/** The router: signed-out users see only the sign-in page; "/" opens the user's own dashboard. */
import { lazy, Suspense } from 'react';
import { Redirect, Route, Switch, useParams } from 'wouter';
import { Loading } from './components/ErrorNotice.tsx';
import { Shell } from './components/Shell.tsx';
import { useLanguage } from './i18n/language.tsx';
import { paths, patterns } from './lib/routes.ts';
import { usePageTitle } from './lib/use-page-title.ts';
import { SignInPage } from './pages/SignInPage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { useSession } from './session.tsx';

// Pages a cadre opens less often load on demand, keeping the dashboard's JavaScript small.
const ReportPage = lazy(() => import('./pages/ReportPage.tsx').then((m) => ({ default: m.ReportPage })));
const TargetsPage = lazy(() => import('./pages/TargetsPage.tsx').then((m) => ({ default: m.TargetsPage })));
const QualityPage = lazy(() => import('./pages/QualityPage.tsx').then((m) => ({ default: m.QualityPage })));
const AuditPage = lazy(() => import('./pages/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
const RulesPage = lazy(() => import('./pages/RulesPage.tsx').then((m) => ({ default: m.RulesPage })));
const NoticePage = lazy(() => import('./pages/NoticePage.tsx').then((m) => ({ default: m.NoticePage })));
const CampaignSetupPage = lazy(() => import('./pages/CampaignSetupPage.tsx').then((m) => ({ default: m.CampaignSetupPage })));
const ImportPage = lazy(() => import('./pages/ImportPage.tsx').then((m) => ({ default: m.ImportPage })));
const UnitsPage = lazy(() => import('./pages/UnitsPage.tsx').then((m) => ({ default: m.UnitsPage })));
const ReorganisationPage = lazy(() => import('./pages/ReorganisationPage.tsx').then((m) => ({ default: m.ReorganisationPage })));
const AccountsPage = lazy(() => import('./pages/AccountsPage.tsx').then((m) => ({ default: m.AccountsPage })));
const PasswordPage = lazy(() => import('./pages/PasswordPage.tsx').then((m) => ({ default: m.PasswordPage })));
const ActivitiesPage = lazy(() => import('./pages/ActivitiesPage.tsx').then((m) => ({ default: m.ActivitiesPage })));
const SignInLinkPage = lazy(() => import('./pages/SignInLinkPage.tsx').then((m) => ({ default: m.SignInLinkPage })));

function WithShell({ children }: { children: React.ReactNode }) {
  const { campaign } = useParams<{ campaign?: string }>();
  return <Shell campaign={campaign ?? null}><Suspense fallback={<Loading />}>{children}</Suspense></Shell>;
}

function NotFound() {
  const { t } = useLanguage();
  usePageTitle(t('title.notFound'));
  return <WithShell><h1>{t('error.notFound')}</h1></WithShell>;
}

export function App() {
  const { status, session, defaultCampaign, can, mustChangePassword } = useSession();
  const { t } = useLanguage();
  if (status === 'loading') return <Loading />;
  if (status === 'signed-out' || !session) {
    return (
      <Switch>
        <Route path={patterns.signInLink}><Suspense fallback={<Loading />}><SignInLinkPage /></Suspense></Route>
        <Route path={patterns.signIn}><SignInPage /></Route>
        <Route><Redirect key="to-sign-in" to={paths.signIn} replace /></Route>
      </Switch>
    );
  }
  // A temporary password (or a link) must be changed first: that page, and nowhere else, until done.
  if (mustChangePassword) {
    return (
      <Switch>
        <Route path={patterns.password}><Shell campaign={null} restricted><Suspense fallback={<Loading />}><PasswordPage /></Suspense></Shell></Route>
        <Route><Redirect key="to-password" to={paths.password} replace /></Route>
      </Switch>
    );
  }
  const home = defaultCampaign ? paths.dashboard(defaultCampaign, session.unit.code) : can('campaign.create') ? paths.campaignSetup : null;
  return (
    <Switch>
      {/* Keyed: Switch reuses the Route element, and a reused Redirect would not navigate again. */}
      {/* A link opened while signed in signs in with it (it is someone's first sign-in). */}
      <Route path={patterns.signInLink}><Suspense fallback={<Loading />}><SignInLinkPage /></Suspense></Route>
      <Route path={patterns.signIn}><Redirect key="after-sign-in" to={paths.home} replace /></Route>
      <Route path={paths.home}>{home ? <Redirect key={home} to={home} replace /> : <WithShell><h1>{t('nav.noCampaign')}</h1></WithShell>}</Route>
      <Route path={patterns.dashboard}><WithShell><DashboardPage /></WithShell></Route>
      <Route path={patterns.report}><WithShell><ReportPage /></WithShell></Route>
      <Route path={patterns.targets}><WithShell><TargetsPage /></WithShell></Route>
      {can('report.review') && <Route path={patterns.quality}><WithShell><QualityPage /></WithShell></Route>}
      {can('report.write') && <Route path={patterns.imports}><WithShell><ImportPage /></WithShell></Route>}
      {/* Everyone the campaign concerns may read its rules; the page offers editing only to its root unit's managers. */}
      <Route path={patterns.rules}><WithShell><RulesPage /></WithShell></Route>
      {/* Everyone the campaign concerns may read the draft; the server lets only the root unit's managers save it. */}
      <Route path={patterns.notice}><WithShell><NoticePage /></WithShell></Route>
      <Route path={patterns.progressReport}><WithShell><NoticePage kind="progress" /></WithShell></Route>
      <Route path={patterns.finalReport}><WithShell><NoticePage kind="final" /></WithShell></Route>
      {can('audit.read') && <Route path={patterns.audit}><WithShell><AuditPage /></WithShell></Route>}
      {can('campaign.create') && <Route path={patterns.campaignSetup}><WithShell><CampaignSetupPage /></WithShell></Route>}
      {can('units.manage') && <Route path={patterns.units}><WithShell><UnitsPage /></WithShell></Route>}
      {can('units.manage') && <Route path={patterns.reorganisations}><WithShell><ReorganisationPage /></WithShell></Route>}
      {can('accounts.manage') && <Route path={patterns.accounts}><WithShell><AccountsPage /></WithShell></Route>}
      <Route path={patterns.activities}><WithShell><ActivitiesPage /></WithShell></Route>
      <Route path={patterns.password}><WithShell><PasswordPage /></WithShell></Route>
      <Route><NotFound /></Route>
    </Switch>
  );
}
