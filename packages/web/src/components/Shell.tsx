/**
 * Every signed-in page: who is signed in (name, role, unit), the campaign picker (its
 * campaigns grouped as running, coming, finished), the language switch, sign out, and the
 * navigation, which offers only what the user may open. On a phone all but the brand and
 * the bell sit behind one menu button, so the bar stays one line high. `restricted` is the
 * shell of a session that must change its password first: who is signed in, the language,
 * signing out, and nothing to open.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { useLanguage } from '../i18n/language.tsx';
import type { CampaignTiming } from '../lib/campaign-timing.ts';
import { LanguagePicker } from './LanguagePicker.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { paths } from '../lib/routes.ts';
import { confirmLeaving } from '../lib/use-unsaved.ts';
import { useSession, type CampaignSummary } from '../session.tsx';

const TIMINGS: readonly CampaignTiming[] = ['running', 'coming', 'finished'];

/** The same page for another campaign: /dashboard/A/01 → /dashboard/B/01 (a report drops its week). */
function switchCampaign(location: string, code: string, fallbackUnit: string): string {
  const [, page, , unit] = location.split('/');
  if ((page === 'dashboard' || page === 'targets' || page === 'quality') && unit) return `/${page}/${encodeURIComponent(code)}/${unit}`;
  if (page === 'report' && unit) return paths.report(code, decodeURIComponent(unit));
  if (page === 'rules') return paths.rules(code);
  if (page === 'documents') return paths.notice(code, 1);
  return paths.dashboard(code, fallbackUnit);
}

/** The picker's groups: running (latest start first), coming (soonest first), finished (latest end first). */
function groupByTiming(campaigns: readonly CampaignSummary[], timingOf: (code: string) => CampaignTiming | null) {
  const start = (c: CampaignSummary) => c.startDate?.iso ?? '';
  const end = (c: CampaignSummary) => c.endDate?.iso ?? '';
  const order: Record<CampaignTiming, (a: CampaignSummary, b: CampaignSummary) => number> = {
    running: (a, b) => start(b).localeCompare(start(a)),
    coming: (a, b) => start(a).localeCompare(start(b)),
    finished: (a, b) => end(b).localeCompare(end(a)),
  };
  return TIMINGS
    .map((timing) => ({ timing, campaigns: campaigns.filter((c) => (timingOf(c.code) ?? 'running') === timing).sort(order[timing]) }))
    .filter((group) => group.campaigns.length > 0);
}

export function Shell({ campaign, restricted = false, children }: { campaign: string | null; restricted?: boolean; children: ReactNode }) {
  const { t } = useLanguage();
  const { session, campaigns, can, signOut, rememberCampaign, defaultCampaign, timingOf } = useSession();
  const [location, navigate] = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  // A link followed, or a campaign picked, closes the phone's menu.
  useEffect(() => { setMenuOpen(false); }, [location]);
  useEffect(() => {
    if (!menuOpen) return undefined;
    const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') setMenuOpen(false); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [menuOpen]);
  if (!session) return null;
  const own = session.unit.code;
  const current = campaign ?? defaultCampaign;
  const links: { href: string; label: string; active: boolean }[] = [];
  if (current && !restricted) {
    links.push({ href: paths.dashboard(current, own), label: t('nav.dashboard'), active: location.startsWith('/dashboard/') });
    if (can('report.write')) links.push({ href: paths.report(current, own), label: t('nav.report'), active: location.startsWith('/report/') });
    links.push({ href: paths.targets(current, own), label: t('nav.targets'), active: location.startsWith('/targets/') });
    links.push({ href: paths.activities(current, own), label: t('activities.nav'), active: location.startsWith('/activities/') });
    if (can('report.review')) links.push({ href: paths.quality(current, own), label: t('nav.quality'), active: location.startsWith('/quality/') });
    if (can('campaign.create')) links.push({ href: paths.rules(current), label: t('rules.nav'), active: location.startsWith('/rules/') });
    if (can('campaign.create')) links.push({ href: paths.notice(current, 1), label: t('notice.nav'), active: location.startsWith('/documents/') });
  }
  if (!restricted) {
    if (can('audit.read')) links.push({ href: paths.audit, label: t('nav.audit'), active: location === paths.audit });
    if (can('campaign.create')) links.push({ href: paths.campaignSetup, label: t('nav.campaignSetup'), active: location === paths.campaignSetup });
    if (can('units.manage')) links.push({ href: paths.units(own), label: t('units.nav'), active: location.startsWith('/units/') });
    if (can('units.manage')) links.push({ href: paths.reorganisations(own), label: t('reorg.nav'), active: location.startsWith('/reorganisations/') });
    if (can('accounts.manage')) links.push({ href: paths.accounts(own), label: t('accounts.nav'), active: location.startsWith('/accounts/') });
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="topbar">
        <Link href={paths.home} className="brand">{t('app.name')}</Link>
        {!restricted && <NotificationBell />}
        <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="shell-menu"
          onClick={() => setMenuOpen(!menuOpen)}>
          <span className="menu-icon" aria-hidden="true" />
          {menuOpen ? t('shell.menu.close') : t('shell.menu')}
        </button>
        <div id="shell-menu" className={menuOpen ? 'shell-menu shell-menu-open' : 'shell-menu'}>
          <p className="whoami" data-testid="whoami">
            {t('nav.youAre', { name: session.user.displayName, role: t(`role.${session.user.role}`), unit: session.unit.name })}
          </p>
          <div className="topbar-controls">
            {!restricted && <label className="control control-campaign">
              <span className="control-label">{t('nav.campaign')}</span>
              {campaigns.length === 0 ? <span>{t('nav.noCampaign')}</span> : (
                <select
                  value={current ?? ''}
                  onChange={(e) => {
                    // Asked first (a form with unsaved changes): staying keeps both the page and the remembered campaign.
                    if (!confirmLeaving()) return;
                    rememberCampaign(e.target.value);
                    navigate(switchCampaign(location, e.target.value, own));
                  }}
                >
                  {groupByTiming(campaigns, timingOf).map((group) => (
                    <optgroup key={group.timing} label={t(`campaign.timing.${group.timing}`)}>
                      {group.campaigns.map((c) => (
                        <option key={c.code} value={c.code}>{t('campaign.timing.option', { name: c.name, timing: t(`campaign.timing.${group.timing}`) })}</option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              )}
            </label>}
            <LanguagePicker />
            {!restricted && (
              <Link href={paths.password} className="button button-quiet shell-password" aria-current={location === paths.password ? 'page' : undefined}>
                {t('password.nav')}
              </Link>
            )}
            <button type="button" className="button button-quiet" onClick={() => { if (confirmLeaving()) void signOut().then(() => navigate(paths.signIn)); }}>
              {t('nav.signOut')}
            </button>
          </div>
          {links.length > 0 && <nav aria-label={t('nav.main')} className="mainnav">
            <ul>
              {links.map((l) => (
                <li key={l.label}><Link href={l.href} aria-current={l.active ? 'page' : undefined}>{l.label}</Link></li>
              ))}
            </ul>
          </nav>}
        </div>
      </header>
      <main id="main" className="content">{children}</main>
    </div>
  );
}
