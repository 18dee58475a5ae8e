/**
 * The tile-grid map of Vietnam: one square per province, coloured by the achievement of
 * one indicator, with the Hoàng Sa and Trường Sa archipelagos in the East Sea (Biển Đông).
 * Every province is a button when `onOpen` is given (Enter or Space opens it too); units
 * that are not provinces (the affiliated unions) are listed under the map with their figure.
 */
import { useId, type KeyboardEvent } from 'react';
import { formatPercent } from '@giaoban/core';
import { useLanguage, type Translate } from '../i18n/language.tsx';
import type { ScheduleStatus } from './StatusBadge.tsx';
import {
  achievementBin, ACHIEVEMENT_BINS, layoutFor, wrapLabel,
  type AchievementBin, type Archipelago, type ProvinceTile,
} from './vietnam-tiles.ts';
import './VietnamTileMap.css';

export interface MapTile {
  readonly code: string;
  readonly name: string;
  /** Actual ÷ target (1 = 100%); null when the unit has no target. */
  readonly achievement: number | null;
  /** The achievement already written for people, e.g. '139,6%' or '—'. */
  readonly text: string;
  readonly status: ScheduleStatus | null;
}

export interface VietnamTileMapProps {
  readonly tiles: readonly MapTile[];
  readonly indicatorName: string;
  readonly onOpen?: (code: string) => void;
}

/** One grid unit in SVG user units, the gap between tiles and the margin around the grid. */
const CELL = 40;
const GAP = 3;
const MARGIN = 4;
/** The line height of the labels on the sea, in em. */
const LINE = 1.15;

function binLabel(t: Translate, bin: AchievementBin): string {
  const pct = (ratio: number) => formatPercent(ratio, 0);
  switch (bin) {
    case 'none': return t('map.bin.none');
    case 'low': return t('map.bin.low', { high: pct(0.5) });
    case 'mid': return t('map.bin.mid', { low: pct(0.5), high: pct(0.8) });
    case 'high': return t('map.bin.mid', { low: pct(0.8), high: pct(1) });
    case 'top': return t('map.bin.top', { low: pct(1) });
  }
}

function tileLabel(t: Translate, figure: MapTile): string {
  return figure.status
    ? t('map.tileWithStatus', { name: figure.name, text: figure.text, status: t(`map.status.${figure.status}`) })
    : t('map.tile', { name: figure.name, text: figure.text });
}

export function VietnamTileMap({ tiles, indicatorName, onOpen }: VietnamTileMapProps) {
  const { t } = useLanguage();
  const baseId = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const titleId = `${baseId}-title`;
  const descId = `${baseId}-desc`;
  const hatchId = `${baseId}-hatch`;

  const layout = layoutFor(tiles.map((tile) => tile.code));
  const figures = new Map(tiles.map((tile) => [tile.code, tile]));
  const placed = new Set(layout.tiles.map((tile) => tile.code));
  const offMap = tiles.filter((tile) => !placed.has(tile.code));
  const anyBehind = layout.tiles.some((tile) => figures.get(tile.code)?.status === 'behind');
  // After the campaign's end the red dot means not met (chưa đạt), and the legend says so.
  const anyNotMet = layout.tiles.some((tile) => figures.get(tile.code)?.status === 'not_met');
  // North to south, then west to east: the order a reader and the Tab key follow.
  const ordered = [...layout.tiles].sort((a, b) => a.row - b.row || a.col - b.col);

  const width = layout.cols * CELL + 2 * MARGIN;
  const height = layout.rows * CELL + 2 * MARGIN;

  function keyDown(event: KeyboardEvent, code: string) {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen?.(code);
    }
  }

  function renderTile(tile: ProvinceTile) {
    const figure = figures.get(tile.code);
    const x = MARGIN + tile.col * CELL + GAP / 2;
    const y = MARGIN + tile.row * CELL + GAP / 2;
    const size = CELL - GAP;
    const cx = x + size / 2;
    if (!figure) {
      const label = t('map.tileNoData', { name: tile.name });
      return (
        <g key={tile.code} className="vtm-tile vtm-tile-empty" role="img" aria-label={label}>
          <title>{label}</title>
          <rect x={x} y={y} width={size} height={size} rx={4} className="vtm-rect" />
          <text x={cx} y={y + size / 2} className="vtm-short" aria-hidden="true">{tile.short}</text>
        </g>
      );
    }
    const bin = achievementBin(figure.achievement);
    const label = tileLabel(t, figure);
    const interactive = onOpen !== undefined;
    return (
      <g
        key={tile.code}
        className={`vtm-tile vtm-bin-${bin}${interactive ? ' vtm-tile-open' : ''}`}
        role={interactive ? 'button' : 'img'}
        tabIndex={interactive ? 0 : undefined}
        aria-label={label}
        data-code={tile.code}
        onClick={interactive ? () => onOpen(tile.code) : undefined}
        onKeyDown={interactive ? (event) => keyDown(event, tile.code) : undefined}
      >
        <title>{label}</title>
        <rect x={x} y={y} width={size} height={size} rx={4} className="vtm-rect"
          style={bin === 'none' ? { fill: `url(#${hatchId})` } : undefined} />
        <text x={cx} y={y + size / 2} className={`vtm-short${tile.short.length > 3 ? ' vtm-short-long' : ''}`} aria-hidden="true">
          {tile.short}
        </text>
        <text x={cx} y={y + size - 6} className="vtm-value" aria-hidden="true">{figure.text}</text>
        {(figure.status === 'behind' || figure.status === 'not_met') && <circle cx={x + size - 5} cy={y + 5} r={3.6} className="vtm-behind" aria-hidden="true" />}
      </g>
    );
  }

  function renderArchipelago(archipelago: Archipelago) {
    const name = t(archipelago.id === 'hoangSa' ? 'map.hoangSa' : 'map.truongSa');
    const detail = t(archipelago.id === 'hoangSa' ? 'map.hoangSa.detail' : 'map.truongSa.detail');
    const lines = wrapLabel(name, 10);
    // The label's last line sits at `label`, just above the islands; longer names grow upwards.
    const lx = MARGIN + archipelago.label.x * CELL;
    const ly = MARGIN + archipelago.label.y * CELL;
    return (
      <g key={archipelago.id} className={`vtm-archipelago vtm-${archipelago.id}`} role="img" aria-label={detail} data-archipelago={archipelago.id}>
        <title>{detail}</title>
        {archipelago.islands.map((island, index) => (
          <circle key={index} cx={MARGIN + island.x * CELL} cy={MARGIN + island.y * CELL} r={island.r * CELL} className="vtm-island" />
        ))}
        <text x={lx} y={ly} className="vtm-island-label" aria-hidden="true">
          {lines.map((line, index) => (
            <tspan key={index} x={lx} dy={`${index === 0 ? -(lines.length - 1) * LINE : LINE}em`}>{line}</tspan>
          ))}
        </text>
      </g>
    );
  }

  return (
    <figure className="vtm" data-layout={layout.id}>
      <svg
        className="vtm-svg"
        viewBox={`0 0 ${width} ${height}`}
        role="group"
        aria-labelledby={titleId}
        aria-describedby={descId}
      >
        <title id={titleId}>{t('map.title')}</title>
        <desc id={descId}>{t('map.description', { indicator: indicatorName })}</desc>
        <defs>
          <pattern id={hatchId} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width={6} height={6} className="vtm-hatch-ground" />
            <line x1={0} y1={0} x2={0} y2={6} className="vtm-hatch-line" />
          </pattern>
        </defs>
        {ordered.map(renderTile)}
        <text x={MARGIN + layout.sea.x * CELL} y={MARGIN + layout.sea.y * CELL} className="vtm-sea">
          {wrapLabel(t('map.sea'), 10).map((line, index) => (
            <tspan key={index} x={MARGIN + layout.sea.x * CELL} dy={index === 0 ? 0 : `${LINE}em`}>{line}</tspan>
          ))}
        </text>
        {layout.archipelagos.map(renderArchipelago)}
      </svg>

      <ul className="vtm-legend" aria-label={t('map.legend')}>
        {ACHIEVEMENT_BINS.map((bin) => (
          <li key={bin}><span className={`vtm-swatch vtm-bin-${bin}`} aria-hidden="true" />{binLabel(t, bin)}</li>
        ))}
        {anyBehind && <li><span className="vtm-swatch-behind" aria-hidden="true" />{t('map.legend.behind')}</li>}
        {anyNotMet && <li><span className="vtm-swatch-behind" aria-hidden="true" />{t('map.legend.not_met')}</li>}
      </ul>

      {offMap.length > 0 && (
        <div className="vtm-offmap">
          <h3 className="vtm-offmap-heading">{t('map.offMap')}</h3>
          <ul>
            {offMap.map((unit) => {
              const bin = achievementBin(unit.achievement);
              const content = (
                <>
                  <span className={`vtm-swatch vtm-bin-${bin}`} aria-hidden="true" />
                  <span className="vtm-offmap-name">{unit.name}</span>
                  <span className="vtm-offmap-text">{unit.text}</span>
                </>
              );
              return (
                <li key={unit.code}>
                  {onOpen
                    ? <button type="button" className="vtm-offmap-item" aria-label={tileLabel(t, unit)} onClick={() => onOpen(unit.code)}>{content}</button>
                    : <span className="vtm-offmap-item">{content}</span>}
                </li>
              );
            })}
          </ul>
        </div>
      )}

      <figcaption className="vtm-caption">
        {t(onOpen ? 'map.caption' : 'map.captionStatic', { indicator: indicatorName })}
      </figcaption>
    </figure>
  );
}
