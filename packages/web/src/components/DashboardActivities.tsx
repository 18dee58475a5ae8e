/**
 * The dashboard's activities (issue 20): the subtree's activity totals as of the dashboard's
 * day, below its figures, loaded on their own (this module is split from the dashboard's and
 * asked for once the figures are drawn), and again whenever the live feed says something
 * changed below the unit. Nothing is shown while the campaign has no activity at all.
 */
import { Link } from 'wouter';
import { api } from '../api/client.ts';
import { useLanguage } from '../i18n/language.tsx';
import { paths } from '../lib/routes.ts';
import { useLoad } from '../lib/use-load.ts';
import { ActivityTotalsCards } from './ActivityTotalsCards.tsx';

export default function DashboardActivities({ campaign, unit, asOf, programme, version }: {
  campaign: string; unit: string; asOf: string | undefined; programme: string | undefined; version: number;
}) {
  const { t, language } = useLanguage();
  const totals = useLoad(() => api.activityTotals(campaign, unit, asOf, { programme }), [campaign, unit, asOf, programme, language, version]);
  const data = totals.data;
  if (!data) return null;
  const any = data.works.count + data.teams.count + data.models.count + data.press.count + data.inspections.count + data.linkages.count > 0;
  if (!any && !data.focusAreas) return null;
  return (
    <section aria-labelledby="dashboard-activities-heading" data-testid="dashboard-activities">
      <h2 id="dashboard-activities-heading">{t('dashboard.activities', { date: data.asOf.text })}</h2>
      <ActivityTotalsCards totals={data} sentences={false} />
      <p className="actions"><Link className="button" href={paths.activities(campaign, unit)}>{t('dashboard.openActivities')}</Link></p>
    </section>
  );
}
