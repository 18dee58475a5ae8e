/**
 * A subtree's activity totals as cards (works and their value, teams and members, press items
 * and reach, models, inspections and open recommendations, linkages, focus-area coverage) and
 * the sentences the documents will write: the Hoạt động page's head, and the dashboard's
 * section below the figures.
 */
import { formatNumber } from '@giaoban/core';
import type { ActivityTotals } from '../api/activities.ts';
import { useLanguage } from '../i18n/language.tsx';
import './ActivityTotalsCards.css';

export function ActivityTotalsCards({ totals, sentences = true }: { totals: ActivityTotals; sentences?: boolean }) {
  const { t } = useLanguage();
  const cards: { key: string; label: string; value: string; detail: string }[] = [
    { key: 'works', label: t('activities.card.works'), value: formatNumber(totals.works.count), detail: totals.works.count > 0 ? totals.works.valueText : '' },
    { key: 'teams', label: t('activities.card.teams'), value: formatNumber(totals.teams.count), detail: t('activities.card.members', { count: formatNumber(totals.teams.members) }) },
    { key: 'press', label: t('activities.card.press'), value: formatNumber(totals.press.count), detail: totals.press.reach > 0 ? t('activities.card.reach', { count: formatNumber(totals.press.reach) }) : '' },
    { key: 'models', label: t('activities.card.models'), value: formatNumber(totals.models.count), detail: '' },
    { key: 'inspections', label: t('activities.card.inspections'), value: formatNumber(totals.inspections.count), detail: totals.inspections.openFollowUps > 0 ? t('activities.card.open', { count: formatNumber(totals.inspections.openFollowUps) }) : '' },
    { key: 'linkages', label: t('activities.card.linkages'), value: formatNumber(totals.linkages.count), detail: '' },
    ...(totals.focusAreas ? [{ key: 'focus', label: t('activities.card.focus'), value: totals.focusAreas.text, detail: '' }] : []),
  ];
  return (
    <section aria-label={t('activities.totals', { date: totals.asOf.text })} className="activities-totals">
      <h2 className="visually-hidden">{t('activities.totals', { date: totals.asOf.text })}</h2>
      <ul className="activities-cards" data-testid="activity-totals">
        {cards.map((c) => (
          <li key={c.key} className="card activities-card" data-testid={`activity-card-${c.key}`}>
            <span className="activities-card-label">{c.label}</span>
            <strong className="activities-card-value">{c.value}</strong>
            {c.detail && <span className="muted">{c.detail}</span>}
          </li>
        ))}
      </ul>
      {sentences && totals.sentences.length > 0 && (
        <div className="activities-sentences" data-testid="activity-sentences">
          {totals.sentences.map((s) => <p key={s}>{s}</p>)}
        </div>
      )}
    </section>
  );
}
