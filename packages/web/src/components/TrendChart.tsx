/**
 * The weekly trend of one indicator: the running total (solid, with a dot a week), this
 * week's figure (dotted) and the target (dashed). A small SVG drawn at the element's own
 * pixel size, so the labels keep their size on a phone; it replaced ECharts (470 KB of script
 * for three lines, issue 18). The legend is plain HTML and the exact figures are in the table
 * beside the chart, so the drawing itself is hidden from screen readers.
 */
import { useEffect, useRef, useState } from 'react';
import { formatNumber } from '@giaoban/core';
import { labelEvery, trendScale } from './trend-scale.ts';

export interface TrendChartProps {
  readonly weeks: readonly { week: string; start: string; end: string }[];
  readonly thisWeek: readonly number[];
  readonly toDate: readonly number[];
  readonly target: number | null;
  readonly labels: { readonly thisWeek: string; readonly toDate: string; readonly target: string; readonly week: string };
}

const TREND_COLOURS = { toDate: '#0b5cad', thisWeek: '#6b8fb8', target: '#b3261e', grid: '#e3e7ec', text: '#5b6470' } as const;
const FONT_PX = 12;
/** Width of one character of the axis labels, near enough for the margins. */
const CHAR_PX = 7;

export default function TrendChart({ weeks, thisWeek, toDate, target, labels }: TrendChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useEffect(() => {
    const node = element.current;
    if (!node) return undefined;
    const measure = () => setSize({ width: node.clientWidth, height: node.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    return () => observer.disconnect();
  }, []);

  const scale = trendScale([...thisWeek, ...toDate, ...(target === null ? [] : [target])]);
  const tickTexts = scale.ticks.map((v) => formatNumber(v, 1));
  const weekTexts = weeks.map((w) => `${labels.week} ${w.week.slice(6)}`);
  const chart = size && size.width > 0 && size.height > 0 ? (() => {
    const left = Math.max(...tickTexts.map((s) => s.length)) * CHAR_PX + 8;
    const right = 12;
    const top = 10;
    const bottom = FONT_PX + 12;
    const plotWidth = Math.max(1, size.width - left - right);
    const plotHeight = Math.max(1, size.height - top - bottom);
    const band = plotWidth / Math.max(1, weeks.length);
    const x = (i: number) => left + band * (i + 0.5);
    const y = (v: number) => top + plotHeight * (1 - (v - scale.min) / (scale.max - scale.min));
    const path = (values: readonly number[]) => values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
    const every = labelEvery(weeks.length, Math.max(...weekTexts.map((s) => s.length), 1) * CHAR_PX + 8, plotWidth);
    return { left, top, plotWidth, plotHeight, x, y, path, every };
  })() : null;

  return (
    <div ref={element} className="trend-chart" aria-hidden="true">
      {chart && size && (
        <svg width={size.width} height={size.height} viewBox={`0 0 ${size.width} ${size.height}`} fontSize={FONT_PX} fill={TREND_COLOURS.text}>
          {scale.ticks.map((v, i) => (
            <g key={v}>
              <line x1={chart.left} x2={chart.left + chart.plotWidth} y1={chart.y(v)} y2={chart.y(v)} stroke={TREND_COLOURS.grid} />
              <text x={chart.left - 6} y={chart.y(v)} textAnchor="end" dominantBaseline="middle">{tickTexts[i]}</text>
            </g>
          ))}
          {weekTexts.map((text, i) => (i % chart.every === 0 ? (
            <text key={weeks[i]!.week} x={chart.x(i)} y={chart.top + chart.plotHeight + FONT_PX + 6} textAnchor="middle">{text}</text>
          ) : null))}
          {target !== null && (
            <line x1={chart.left} x2={chart.left + chart.plotWidth} y1={chart.y(target)} y2={chart.y(target)}
              stroke={TREND_COLOURS.target} strokeWidth={2} strokeDasharray="8 5" />
          )}
          <path d={chart.path(thisWeek)} fill="none" stroke={TREND_COLOURS.thisWeek} strokeWidth={2} strokeDasharray="2 4" strokeLinecap="round" />
          <path d={chart.path(toDate)} fill="none" stroke={TREND_COLOURS.toDate} strokeWidth={3} strokeLinejoin="round" />
          {toDate.map((v, i) => <circle key={weeks[i]?.week ?? i} cx={chart.x(i)} cy={chart.y(v)} r={3} fill={TREND_COLOURS.toDate} />)}
        </svg>
      )}
    </div>
  );
}
