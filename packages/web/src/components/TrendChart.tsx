/**
 * The weekly trend of one indicator: the running total (solid), this week's figure
 * (dotted) and the target (dashed). ECharts with only the line chart, the grid and the
 * canvas renderer (its smallest build), loaded on demand so the cards render first; the
 * legend is plain HTML and the exact figures are in the table beside the chart.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { formatNumber } from '@giaoban/core';

echarts.use([LineChart, GridComponent, CanvasRenderer]);

export interface TrendChartProps {
  readonly weeks: readonly { week: string; start: string; end: string }[];
  readonly thisWeek: readonly number[];
  readonly toDate: readonly number[];
  readonly target: number | null;
  readonly labels: { readonly thisWeek: string; readonly toDate: string; readonly target: string; readonly week: string };
}

const TREND_COLOURS = { toDate: '#0b5cad', thisWeek: '#6b8fb8', target: '#b3261e' } as const;

export default function TrendChart({ weeks, thisWeek, toDate, target, labels }: TrendChartProps) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return undefined;
    const chart = echarts.init(element.current);
    const line = (name: string, data: readonly number[], color: string, type: 'solid' | 'dotted' | 'dashed', width: number) => ({
      name, type: 'line', data: [...data], color, symbolSize: type === 'solid' ? 6 : 0, showSymbol: type === 'solid',
      lineStyle: { type, width }, silent: true,
    });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: weeks.map((w) => `${labels.week} ${w.week.slice(6)}`), axisTick: { alignWithLabel: true } },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatNumber(value, 1) } },
      series: [
        line(labels.toDate, toDate, TREND_COLOURS.toDate, 'solid', 3),
        line(labels.thisWeek, thisWeek, TREND_COLOURS.thisWeek, 'dotted', 2),
        ...(target === null ? [] : [line(labels.target, weeks.map(() => target), TREND_COLOURS.target, 'dashed', 2)]),
      ],
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [weeks, thisWeek, toDate, target, labels]);
  return <div ref={element} className="trend-chart" aria-hidden="true" />;
}
